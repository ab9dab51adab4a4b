import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { call, dial, firstDiag, goAvailable, test, type Agent } from '../agents';
import { expectScenarioPassed, received, startSipp, type SippResult, type SippRun } from './sipp';

/**
 * Issue 11 faults 1 and 2: a PBX (SIPp) refuses or crosses the agent's in-dialog re-INVITEs.
 * RFC 3261 §14.1: a non-2xx final answer to a re-INVITE leaves the session as it was.
 */
const CALLER = '+923001234567';

/** The scripted caller rings agent 1002, who answers; returns the call's region. */
async function answeredCallFromSipp(page: Page) {
  const c = call(page, CALLER);
  await c.getByRole('button', { name: 'Answer' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  return c;
}

/** The agent holds and the far end's answer is applied (a=sendonly here); then the agent hangs up. Returns SIPp's run. */
async function holdThenHangUp(page: Page, c: Locator, pbx: SippRun): Promise<SippResult> {
  await c.getByRole('button', { name: 'Hold' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('On hold');
  await expect.poll(async () => (await firstDiag(page)).currentDirection, { timeout: 10_000 }).toBe('sendonly');
  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await pbx.done;
  expectScenarioPassed(wire);
  return wire;
}

/** Milliseconds from the 491 SIPp sent to the agent's next INVITE (its retry). */
function glareRetryWait(wire: SippResult): number {
  // By order in SIPp's trace, not by timestamp: a retry after a wait near 0 ms shares the 491's millisecond.
  const refusedAt = wire.wire.findIndex((w) => w.direction === 'sent' && w.startLine.startsWith('SIP/2.0 491'));
  const refused = wire.wire[refusedAt];
  const retry = wire.wire.slice(refusedAt + 1).find((w) => w.direction === 'received' && w.startLine.startsWith('INVITE'));
  if (refusedAt < 0 || !refused || !retry) throw new Error(`no 491 followed by a retried INVITE on the wire:\n${wire.wire.map((w) => `${w.direction} ${w.startLine}`).join('\n')}`);
  return retry.at - refused.at;
}

const REFUSALS: ReadonlyArray<[string, string]> = [
  ['488', 'Not Acceptable Here'],
  ['500', 'Server Internal Error'],
  ['503', 'Service Unavailable'],
  ['408', 'Request Timeout'],
];

for (const [code, reason] of REFUSALS) {
  test(`a ${code} to the hold re-INVITE keeps the call; the agent is told and holds again`, async ({ startAgent }, testInfo) => {
    const agent = await startAgent('1002');
    await goAvailable(agent.page);
    const pbx = await startSipp(testInfo, 'inbound-hold-refused.xml', { call: '1002', fill: { refusal: code, reason } });
    const c = await answeredCallFromSipp(agent.page);
    const state = c.getByRole('status', { name: 'Call state' });

    await c.getByRole('button', { name: 'Hold' }).click();
    await expect(agent.page.getByRole('alert')).toContainText('The line refused hold — try again');
    await expect(state).toHaveText('Connected');
    await expect(c.getByRole('button', { name: 'Hold' })).toBeVisible();

    await c.getByRole('button', { name: 'Hold' }).click();
    await expect(state).toHaveText('On hold');
    await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendonly');

    await c.getByRole('button', { name: 'Hang up' }).click();
    const wire = await pbx.done;
    expectScenarioPassed(wire);
    // One BYE, the agent's own hang-up: the refusal ended nothing.
    expect(received(wire).filter((l) => l.startsWith('BYE'))).toHaveLength(1);
  });
}

test('a 488 to the resume re-INVITE keeps the call on hold; the agent is told and resumes again', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'inbound-resume-refused.xml', { call: '1002', fill: { refusal: '488', reason: 'Not Acceptable Here' } });
  const c = await answeredCallFromSipp(agent.page);
  const state = c.getByRole('status', { name: 'Call state' });
  await c.getByRole('button', { name: 'Hold' }).click();
  await expect(state).toHaveText('On hold');

  await c.getByRole('button', { name: 'Resume' }).click();
  await expect(agent.page.getByRole('alert')).toContainText('The line refused to resume the call — try again');
  await expect(state).toHaveText('On hold');

  await c.getByRole('button', { name: 'Resume' }).click();
  await expect(state).toHaveText('Connected');
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendrecv');
  await c.getByRole('button', { name: 'Hang up' }).click();
  expectScenarioPassed(await pbx.done);
});

test('glare: the PBX re-INVITE crossing the agent hold gets 491 and touches nothing; the hold completes', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'inbound-glare-crossing-reinvite.xml', { call: '1002' });
  const c = await answeredCallFromSipp(agent.page);
  // The PBX's 200 (a=recvonly) to the hold is applied: the crossing offer left the media alone.
  const wire = await holdThenHangUp(agent.page, c, pbx);
  await expect(agent.page.getByRole('alert').filter({ hasText: 'refused' })).toHaveCount(0);
  expect(received(wire)).toContain('SIP/2.0 491 Request Pending');
});

test('glare: the agent hold answered 491 is retried after the RFC 3261 §14.1 wait (0–2 s for the callee)', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'inbound-glare-reinvite-491.xml', { call: '1002' });
  const c = await answeredCallFromSipp(agent.page);
  const wire = await holdThenHangUp(agent.page, c, pbx);
  // Not the Call-ID's owner: 0–2 s (plus the hop through Kamailio).
  expect(glareRetryWait(wire)).toBeLessThan(2_000 + 500);
});

test('glare: the caller, owner of the Call-ID, retries its hold after 2.1–4 s (RFC 3261 §14.1)', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'outbound-glare-reinvite-491.xml');
  await dial(agent.page, '7003');
  const c = call(agent.page, '7003');
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  const wait = glareRetryWait(await holdThenHangUp(agent.page, c, pbx));
  // The RFC's window is 2.1–4 s; the upper bound leaves room for a loaded machine's hop through Kamailio.
  expect(wait).toBeGreaterThanOrEqual(2_100);
  expect(wait).toBeLessThan(4_000 + 1_000);
});

/**
 * The agent answers the scenario's call; the PBX's hold, retried after the refusal of its early
 * one, is applied (the call was never ended: "Held by the other party", our side recvonly); the
 * agent hangs up. Returns the scenario's wire trace.
 */
async function answerUntilHeldThenHangUp(startAgent: (ext: string) => Promise<Agent>, testInfo: TestInfo, scenario: string): Promise<SippResult> {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, scenario, { call: '1002' });
  const c = call(agent.page, CALLER);
  await c.getByRole('button', { name: 'Answer' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Held by the other party');
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('recvonly');
  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await pbx.done;
  expectScenarioPassed(wire);
  return wire;
}

test('a re-INVITE before the ACK of the agent’s 200 is refused 500 with Retry-After (RFC 3261 §14.2), and the call goes on; its retry is taken', async ({ startAgent }, testInfo) => {
  const wire = await answerUntilHeldThenHangUp(startAgent, testInfo, 'inbound-reinvite-before-ack.xml');
  const refusal = wire.wire.find((w) => w.direction === 'received' && w.startLine.startsWith('SIP/2.0 500'));
  const retryAfter = Number(/^Retry-After:\s*(\d+)/im.exec(refusal?.text ?? '')?.[1]);
  expect(retryAfter).toBeGreaterThanOrEqual(0);
  expect(retryAfter).toBeLessThanOrEqual(10);
  // One BYE, the agent's own hang-up.
  expect(received(wire).filter((l) => l.startsWith('BYE'))).toHaveLength(1);
});

test('late offer: a re-INVITE before the ACK carrying the answer crosses the agent’s offer: 491, nothing applied, the call goes on', async ({ startAgent }, testInfo) => {
  // The ACK's answer and then the retried hold are applied: the 491'd offer broke nothing.
  const wire = await answerUntilHeldThenHangUp(startAgent, testInfo, 'inbound-late-offer-reinvite-before-ack.xml');
  expect(received(wire)).toContain('SIP/2.0 491 Request Pending');
  expect(received(wire).filter((l) => l.startsWith('BYE'))).toHaveLength(1);
});
