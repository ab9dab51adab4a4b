import { expect } from '@playwright/test';
import { call, dial, goAvailable, test } from '../agents';
import { expectScenarioPassed, received, startSipp } from './sipp';

/**
 * Issue 11, session refresh (RFC 4028) against a PBX that refuses it: the refresh is a re-INVITE
 * even where the PBX lists UPDATE (RFC 3311 §5.1), and a non-2xx answer to it leaves the session
 * as it was (RFC 3261 §14.1): the call goes on until the customer hangs up. One code per call: the
 * refresh comes half a 90 s interval (JsSIP's least, RFC 4028 Min-SE) after the answer.
 */
const REFUSALS: ReadonlyArray<[string, string]> = [
  ['405', 'Method Not Allowed'],
  ['501', 'Not Implemented'],
  ['488', 'Not Acceptable Here'],
];

for (const [code, reason] of REFUSALS) {
test(`a session refresh refused with ${code} keeps the call; the refresh was a re-INVITE; the PBX's UPDATE is answered`, async ({ startAgent }, testInfo) => {
  test.setTimeout(150_000);
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'outbound-session-refresh-refused.xml', { fill: { refusal: code, reason }, timeoutS: 120 });
  await dial(agent.page, '7005');
  const c = call(agent.page, '7005');
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');

  const wire = await pbx.done;
  expectScenarioPassed(wire);
  const requests = received(wire).filter((l) => !l.startsWith('SIP/2.0'));
  // INVITE, ACK, the refresh INVITE, ACK: no UPDATE, and no BYE from the agent.
  expect(requests.map((l) => l.split(' ')[0])).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK']);
  const refresh = wire.wire.filter((w) => w.direction === 'received' && w.startLine.startsWith('INVITE'))[1];
  expect(refresh?.text).toMatch(/^Session-Expires:\s*90;refresher=uac/im);
  // The customer's BYE ended it: a normal end, not an error.
  await expect(c).toHaveCount(0);
  await expect(agent.page.getByRole('alert')).toHaveCount(0);
});
}
