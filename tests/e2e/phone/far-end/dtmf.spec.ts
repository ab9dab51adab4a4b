import { expect, type Locator } from '@playwright/test';
import { call, dial, goAvailable, test } from '../agents';
import { startBaresip } from './baresip';
import { expectScenarioPassed, startSipp } from './sipp';

/**
 * Issue 11, DTMF: the agent's keypad digits reach far ends the project did not write, by the route
 * each far end can take (renderer/src/phone/calls/dtmf-route.ts): RFC 4733 where it negotiated
 * telephone-event on the send codec's clock (agent to agent: tests/e2e/phone/call.spec.ts), SIP INFO
 * otherwise. baresip takes telephone-event/8000 only beside Opus, and reports each digit it
 * receives (CALL_DTMF_START; RFC 4733 at the wrong clock reached it as one lone end packet).
 */
async function sendDigits(c: Locator, digits: string): Promise<void> {
  await c.getByRole('button', { name: 'Keypad' }).click();
  for (const d of digits) await c.getByRole('button', { name: `Send tone ${d}` }).click();
  await expect(c.getByLabel('Tones sent')).toHaveText(digits);
}

test('the agent calls baresip (telephone-event/8000 beside Opus): every keypad digit arrives there, once', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const far = await startBaresip(testInfo, '1003', 'secret3');
  try {
    await dial(agent.page, '1003');
    const c = call(agent.page, '1003');
    await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await far.waitFor('CALL_ESTABLISHED');
    await sendDigits(c, '19#*0');
    await expect.poll(() => far.eventsOf('CALL_DTMF_START').map((e) => e.param).join(''), { timeout: 15_000 }).toBe('19#*0');
    await c.getByRole('button', { name: 'Hang up' }).click();
    await far.waitFor('CALL_CLOSED');
  } finally {
    await far.stop();
  }
});

const NO_RFC4733: ReadonlyArray<[string, string, string]> = [
  ['no telephone-event', '111', 'a=rtpmap:111 opus/48000/2'],
  ['telephone-event/8000 only beside Opus', '111 126', 'a=rtpmap:111 opus/48000/2\na=rtpmap:126 telephone-event/8000'],
];

for (const [what, payloads, rtpmaps] of NO_RFC4733) {
  test(`a PBX answering with ${what} gets the digits as SIP INFO (application/dtmf-relay)`, async ({ startAgent }, testInfo) => {
    const agent = await startAgent('1001');
    await goAvailable(agent.page);
    const pbx = await startSipp(testInfo, 'outbound-dtmf-info.xml', { fill: { payloads, rtpmaps, info_answer: '200 OK' } });
    await dial(agent.page, '7004');
    const c = call(agent.page, '7004');
    await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await sendDigits(c, '5#9');
    // SIPp waits for all three INFOs before the BYE: the hang-up comes after they were answered.
    await c.getByRole('button', { name: 'Hang up' }).click();
    const wire = await pbx.done;
    expectScenarioPassed(wire);
    const infos = wire.wire.filter((w) => w.direction === 'received' && w.startLine.startsWith('INFO'));
    expect(infos.map((w) => /^Content-Type:\s*(.+)$/im.exec(w.text)?.[1]?.trim())).toEqual(Array(3).fill('application/dtmf-relay'));
    expect(infos.map((w) => /^Signal=(.)/m.exec(w.text)?.[1])).toEqual(['5', '#', '9']);
    expect(infos.every((w) => /^Duration=100\s*$/m.test(w.text))).toBe(true);
  });
}

// RFC 5057 §5.1: a refusal of an INFO, a 408 included, fails that INFO only; only a 481 ends the dialog.
for (const refusal of ['501 Not Implemented', '408 Request Timeout', '403 Forbidden']) {
  test(`a PBX refusing the SIP INFO tones (${refusal}) keeps the call; the agent is told the tone was not taken`, async ({ startAgent }, testInfo) => {
    const agent = await startAgent('1001');
    await goAvailable(agent.page);
    const pbx = await startSipp(testInfo, 'outbound-dtmf-info.xml', { fill: { payloads: '111', rtpmaps: 'a=rtpmap:111 opus/48000/2', info_answer: refusal } });
    await dial(agent.page, '7004');
    const c = call(agent.page, '7004');
    await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await sendDigits(c, '5#9');
    await expect(agent.page.getByRole('alert').filter({ hasText: 'did not take the keypad tone' }).first()).toBeVisible();
    await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await c.getByRole('button', { name: 'Hang up' }).click();
    const wire = await pbx.done;
    expectScenarioPassed(wire);
    expect(wire.wire.filter((w) => w.direction === 'received' && w.startLine.startsWith('BYE'))).toHaveLength(1);
  });
}
