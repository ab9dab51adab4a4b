import { expect } from '@playwright/test';
import { call, connect, dial, expectAudioArriving, firstDiag, goAvailable, test } from './agents';

/**
 * IT's settings for a site whose agents sit behind firewalls that let no media through: every
 * call's audio goes through the namespace's coturn (tests/sip/turnserver.conf), relay-only.
 */
const RELAY_ONLY = {
  AGENT_SIP_ICE_SERVERS: 'turn:127.0.0.1:3478?transport=udp',
  AGENT_SIP_TURN_USER: 'agent',
  AGENT_SIP_TURN_PASSWORD: 'turnpass',
  AGENT_SIP_ICE_POLICY: 'relay',
};

test('with relay-only media the call\'s audio flows both ways through the TURN server', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001', { env: RELAY_ONLY }), startAgent('1002', { env: RELAY_ONLY })]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);
  await expect(call(b.page, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Connected');

  for (const page of [a.page, b.page]) {
    await expectAudioArriving(page);
    // The pair carrying the audio starts at a TURN allocation on each side, not at a host address.
    await expect.poll(async () => (await firstDiag(page)).mediaPath).toBe('relay');
  }
  await expect(call(a.page, '1002').getByLabel('Call quality')).toContainText('via TURN relay');
  // TURN's first answer to every allocation is a 401 challenge; that is not a refused password.
  for (const page of [a.page, b.page]) await expect(page.getByRole('region', { name: 'Softphone' })).not.toContainText('TURN password');
  await call(a.page, '1002').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(b.page, '1001')).toHaveCount(0);
});

test('a TURN password the server refuses is shown to the agent, not left as a silent call', async ({ startAgent }) => {
  const [a, b] = await Promise.all([
    startAgent('1001', { env: { ...RELAY_ONLY, AGENT_SIP_TURN_PASSWORD: 'not-the-turn-password' } }),
    startAgent('1002'),
  ]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await dial(a.page, '1002');
  await expect(a.page.getByRole('region', { name: 'Softphone' })).toContainText('The TURN server refused this workstation\'s TURN password');
});
