import { expect } from '@playwright/test';
import { createSocket } from 'node:dgram';
import { call, connect, dial, expectAudioArriving, firstDiag, goAvailable, test } from './agents';
import { expectScenarioPassed, received, startSipp } from './far-end/sipp';

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

/**
 * Issue 11 fault 6: relay-only media and a TURN server that cannot be reached. Two stand-ins for
 * "coturn down", both inside the namespace: a UDP port where nothing listens (the kernel answers
 * ICMP port-unreachable), and a UDP socket that reads every request and never answers (a TURN
 * server behind a firewall that drops, or hung). The call must fail within seconds with the
 * agent-worded cause, never leave as a candidate-less INVITE ~40 s later.
 */
const UNREACHABLE_TURN: ReadonlyArray<{ name: string; port: () => Promise<{ port: number; close: () => void }> }> = [
  {
    name: 'nothing listening on its port',
    port: async () => {
      const s = createSocket('udp4');
      await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
      const { port } = s.address();
      await new Promise<void>((resolve) => s.close(() => resolve()));
      return { port, close: () => undefined };
    },
  },
  {
    name: 'a server that never answers',
    port: async () => {
      const s = createSocket('udp4');
      s.on('message', () => undefined);
      await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
      return { port: s.address().port, close: () => s.close() };
    },
  },
];

for (const turn of UNREACHABLE_TURN) {
  test(`relay-only with ${turn.name} as TURN server: the call fails fast, "media relay unreachable"`, async ({ startAgent }) => {
    const relay = await turn.port();
    try {
      const a = await startAgent('1001', { env: { ...RELAY_ONLY, AGENT_SIP_ICE_SERVERS: `turn:127.0.0.1:${relay.port}?transport=udp` } });
      await goAvailable(a.page);
      const dialedAt = Date.now();
      await dial(a.page, '1002');
      const history = a.page.getByRole('region', { name: 'Call history' });
      await expect(history.getByRole('listitem').first()).toContainText('Failed — the media relay is unreachable', { timeout: 20_000 });
      console.log(`relay-only, TURN ${turn.name}: Dial → failed in ${Date.now() - dialedAt} ms`);
      await expect(call(a.page, '1002')).toHaveCount(0);
      await expect(a.page.getByRole('region', { name: 'Softphone' })).toContainText('The media relay (TURN server) does not answer');
      await expect(history).not.toContainText('Cancelled');
    } finally {
      relay.close();
    }
  });
}

test('relay-only with a TURN server that never answers: an answered customer call fails fast too, the caller told 480', async ({ startAgent }, testInfo) => {
  const relay = await UNREACHABLE_TURN[1]!.port();
  try {
    const agent = await startAgent('1002', { env: { ...RELAY_ONLY, AGENT_SIP_ICE_SERVERS: `turn:127.0.0.1:${relay.port}?transport=udp` } });
    await goAvailable(agent.page);
    const customer = await startSipp(testInfo, 'inbound-ends-before-answer.xml', { call: '1002', fill: { final: '480' } });
    const ringing = call(agent.page, '+923001234567');
    await ringing.getByRole('button', { name: 'Answer' }).click();
    const answeredAt = Date.now();
    const history = agent.page.getByRole('region', { name: 'Call history' });
    await expect(history.getByRole('listitem').first()).toContainText('Failed — the media relay is unreachable', { timeout: 20_000 });
    console.log(`relay-only, TURN never answers: Answer → failed in ${Date.now() - answeredAt} ms`);
    const wire = await customer.done;
    expectScenarioPassed(wire);
    expect(received(wire)).not.toContain('SIP/2.0 200 OK');
  } finally {
    relay.close();
  }
});
