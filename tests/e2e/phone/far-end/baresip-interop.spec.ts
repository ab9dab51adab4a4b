import { expect, type Locator, type Page } from '@playwright/test';
import { call, dial, expectAudioArriving, goAvailable, test } from '../agents';
import { startBaresip, type Baresip } from './baresip';

/**
 * Issue 11, the BUNDLE fault: baresip offers and answers ICE + DTLS-SRTP without
 * a=group:BUNDLE (RFC 8843 lets it); the phone must connect with it both ways, audio both ways.
 */
/** Connected on both sides, audio both ways, then the agent hangs up and baresip sees it end. */
async function talkThenHangUp(page: Page, c: Locator, far: Baresip): Promise<void> {
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await far.waitFor('CALL_ESTABLISHED');
  // Both ways: the agent receives baresip's tone; baresip receives the agent's RTP.
  await expectAudioArriving(page);
  await expect.poll(far.output).toContain("incoming rtp for 'audio' established");
  await c.getByRole('button', { name: 'Hang up' }).click();
  await far.waitFor('CALL_CLOSED');
}

test('the agent calls baresip (no BUNDLE): connected, audio both ways', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const far = await startBaresip(testInfo, '1003', 'secret3');
  try {
    await dial(agent.page, '1003');
    await talkThenHangUp(agent.page, call(agent.page, '1003'), far);
  } finally {
    await far.stop();
  }
});

test('baresip (no BUNDLE) calls the agent: it rings, the agent answers, audio both ways', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const far = await startBaresip(testInfo, '1003', 'secret3');
  try {
    far.dial('sip:1002@127.0.0.1');
    const c = call(agent.page, '1003');
    await c.getByRole('button', { name: 'Answer' }).click();
    await talkThenHangUp(agent.page, c, far);
  } finally {
    await far.stop();
  }
});
