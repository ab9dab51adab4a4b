import { expect } from '@playwright/test';
import { call, dial, firstDiag, goAvailable, test } from '../agents';
import { expectScenarioPassed, received, startSipp } from './sipp';

/**
 * Issue 11 faults 1 and 2: a PBX (SIPp) refuses or crosses the agent's in-dialog re-INVITEs.
 * RFC 3261 §14.1: a non-2xx final answer to a re-INVITE leaves the session as it was.
 */
const CALLER = '+923001234567';

/** The scripted caller rings agent 1002, who answers; returns the call's region. */
async function answeredCallFromSipp(page: import('@playwright/test').Page) {
  const c = call(page, CALLER);
  await c.getByRole('button', { name: 'Answer' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  return c;
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
  await c.getByRole('button', { name: 'Hold' }).click();
  // The PBX's 200 (a=recvonly) to the hold is applied: the crossing offer left the media alone.
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('On hold');
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendonly');
  await expect(agent.page.getByRole('alert').filter({ hasText: 'refused' })).toHaveCount(0);

  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await pbx.done;
  expectScenarioPassed(wire);
  expect(received(wire)).toContain('SIP/2.0 491 Request Pending');
});

test('glare: the agent hold answered 491 is retried after the RFC 3261 §14.1 wait (0–2 s for the callee)', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'inbound-glare-reinvite-491.xml', { call: '1002' });
  const c = await answeredCallFromSipp(agent.page);
  await c.getByRole('button', { name: 'Hold' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('On hold');
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendonly');
  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await pbx.done;
  expectScenarioPassed(wire);

  const refused = wire.wire.find((w) => w.direction === 'sent' && w.startLine.startsWith('SIP/2.0 491'));
  const retry = wire.wire.find((w) => w.direction === 'received' && w.startLine.startsWith('INVITE') && refused && w.at > refused.at);
  expect(refused && retry).toBeTruthy();
  // Not the Call-ID's owner: 0–2 s (plus the hop through Kamailio); never at once in a loop.
  expect(retry!.at - refused!.at).toBeLessThan(2_000 + 500);
});

test('glare: the caller, owner of the Call-ID, retries its hold after 2.1–4 s (RFC 3261 §14.1)', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'outbound-glare-reinvite-491.xml');
  await dial(agent.page, '7003');
  const c = call(agent.page, '7003');
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await c.getByRole('button', { name: 'Hold' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('On hold');
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection, { timeout: 10_000 }).toBe('sendonly');
  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await pbx.done;
  expectScenarioPassed(wire);
  const refused = wire.wire.find((w) => w.direction === 'sent' && w.startLine.startsWith('SIP/2.0 491'));
  const retry = wire.wire.find((w) => w.direction === 'received' && w.startLine.startsWith('INVITE') && refused && w.at > refused.at);
  expect(refused && retry).toBeTruthy();
  // The RFC's window is 2.1–4 s; the upper bound leaves room for a loaded machine's hop through Kamailio.
  expect(retry!.at - refused!.at).toBeGreaterThanOrEqual(2_100);
  expect(retry!.at - refused!.at).toBeLessThan(4_000 + 1_000);
});
