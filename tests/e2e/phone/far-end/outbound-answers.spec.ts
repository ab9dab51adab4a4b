import { expect } from '@playwright/test';
import { call, dial, goAvailable, test } from '../agents';
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

const FAILURES: ReadonlyArray<[string, string, string]> = [
  // (a 503 reaches the phone as 500: a proxy must not pass a 503 on, RFC 3261 §16.7)
  ['480', 'Temporarily Unavailable', 'Unavailable'],
  ['486', 'Busy Here', 'Busy'],
  ['404', 'Not Found', 'Number not found'],
  ['488', 'Not Acceptable Here', 'Failed — the other side cannot take this call’s audio'],
  ['500', 'Server Internal Error', 'Failed — the line had a fault'],
  ['603', 'Decline', 'Declined'],
];

test('a call the line refuses ends with a cause in agent words, in the history too', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const history = agent.page.getByRole('region', { name: 'Call history' });
  for (const [code, reason, words] of FAILURES) {
    await test.step(`${code} ${reason}`, async () => {
      const callee = await startSipp(testInfo, 'outbound-final-answer.xml', { fill: { code, reason } });
      await dial(agent.page, '7002');
      expectScenarioPassed(await callee.done);
      await expect(history.getByRole('listitem').first()).toContainText(words);
    });
  }
  await expect(history).not.toContainText('SIP Failure Code');
});
