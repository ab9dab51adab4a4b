/**
 * A customer call on a bad home line (issue 14, item 6's media path): both agents' audio goes
 * relay-only through the namespace's coturn, and between each agent and coturn sits the impairing
 * UDP relay — 125 ms each way, 20 ms of jitter and 3 % random loss, both directions (the kernel
 * here has no netem). The call connects, audio arrives on both sides, and the quality badge rates
 * the line from the real stats; the loss and concealment the agents heard are printed.
 */
import { expect } from '@playwright/test';
import { startImpairingUdpRelay, type ImpairingUdpRelay } from '../../support/impairing-udp-relay';
import { call, connect, expectAudioArriving, firstDiag, goAvailable, test } from './agents';

const relays: ImpairingUdpRelay[] = [];
test.afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});

const BAD_LINE = { delayMs: 125, jitterMs: 20, lossPercent: 3 };
const relayOnlyThrough = (port: number) => ({
  AGENT_SIP_ICE_SERVERS: `turn:127.0.0.1:${port}?transport=udp`,
  AGENT_SIP_TURN_USER: 'agent',
  AGENT_SIP_TURN_PASSWORD: 'turnpass',
  AGENT_SIP_ICE_POLICY: 'relay',
});

test('a relay-only call through 125 ms, jitter and 3 % loss each way connects and carries audio both ways', async ({ startAgent }) => {
  const [lineA, lineB] = await Promise.all([startImpairingUdpRelay(3478, { seed: 7, impairment: BAD_LINE }), startImpairingUdpRelay(3478, { seed: 11, impairment: BAD_LINE })]);
  relays.push(lineA, lineB);
  const [a, b] = await Promise.all([startAgent('1001', { env: relayOnlyThrough(lineA.port) }), startAgent('1002', { env: relayOnlyThrough(lineB.port) })]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);
  await test.step('audio arrives on both sides through the impaired relay', async () => {
    for (const page of [a.page, b.page]) {
      await expectAudioArriving(page);
      await expect.poll(async () => (await firstDiag(page)).mediaPath).toBe('relay');
    }
  });
  await test.step('the quality badge rates the call from what the stats saw', async () => {
    await expect(call(a.page, '1002').getByLabel('Call quality')).toContainText(/Quality (good|fair|poor) · MOS \d\.\d/);
    expect(lineA.stats.dropped + lineB.stats.dropped).toBeGreaterThan(0);
  });
  const [da, db] = [await firstDiag(a.page), await firstDiag(b.page)];
  const ratio = (d: typeof da) => (d.totalSamplesReceived ? ((d.concealedSamples / d.totalSamplesReceived) * 100).toFixed(2) : '–');
  console.log(
    `impaired media: relay A dropped ${lineA.stats.dropped}/${lineA.stats.dropped + lineA.stats.forwarded}, relay B ${lineB.stats.dropped}/${lineB.stats.dropped + lineB.stats.forwarded}; ` +
      `concealed A ${ratio(da)} %, B ${ratio(db)} %`,
  );
  await call(a.page, '1002').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(b.page, '1001')).toHaveCount(0);
});
