import { expect } from '@playwright/test';
import { call, dial, goAvailable, test } from '../agents';
import type { CallOutcome, CallRecord } from '../../../../src/contract';
import { coreRequest } from '../../support/core-request';
import { expectScenarioPassed, startSipp } from './sipp';

/**
 * The agent calls lines played by SIPp (7xxx, tests/sip/kamailio.cfg). Issue 11 fault 5 (a 422
 * is retried with the callee's Min-SE, RFC 4028 §7.4) and the end-cause translation: a final
 * failure reads in agent words, never as JsSIP's raw cause.
 */
test('a 422 Session Interval Too Small is retried with the Min-SE asked for, and the call connects', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const callee = await startSipp(testInfo, 'outbound-422-min-se.xml');
  await dial(agent.page, '7001');
  const c = call(agent.page, '7001');
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await callee.done;
  expectScenarioPassed(wire);
  const invites = wire.wire.filter((w) => w.direction === 'received' && w.startLine.startsWith('INVITE'));
  expect(invites).toHaveLength(2);
  expect(invites[1]!.text).toMatch(/^Session-Expires: 3600/m);
  expect(invites[1]!.text).toMatch(/^Min-SE: 3600/m);
});

/** Code, reason, the end cause in agent words, the outcome recorded on the call log row (calls/call-outcome.ts). */
const FAILURES: ReadonlyArray<[string, string, string, CallOutcome]> = [
  // (a 503 reaches the phone as 500: a proxy must not pass a 503 on, RFC 3261 §16.7)
  ['480', 'Temporarily Unavailable', 'Unavailable', 'missed'],
  ['486', 'Busy Here', 'Busy', 'declined'],
  ['404', 'Not Found', 'Number not found', 'failed'],
  ['488', 'Not Acceptable Here', 'Failed — the other side cannot take this call’s audio', 'failed'],
  ['500', 'Server Internal Error', 'Failed — the line had a fault', 'failed'],
  ['603', 'Decline', 'Declined', 'declined'],
];

test('a call the line refuses ends with a cause in agent words, in the history too, and its outcome on the call log row', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const history = agent.page.getByRole('region', { name: 'Call history' });
  for (const [code, reason, words, outcome] of FAILURES) {
    await test.step(`${code} ${reason}`, async () => {
      const callee = await startSipp(testInfo, 'outbound-final-answer.xml', { fill: { code, reason } });
      await dial(agent.page, '7002');
      expectScenarioPassed(await callee.done);
      await expect(history.getByRole('listitem').first()).toContainText(words);
      const logged = (await coreRequest(agent.page, 'calls.history', { limit: 1 })) as { value?: CallRecord[] };
      expect(logged.value?.[0]).toMatchObject({ endCause: words, outcome, answeredAt: null });
    });
  }
  await expect(history).not.toContainText('SIP Failure Code');
});
