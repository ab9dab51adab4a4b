/**
 * Low-bandwidth audio (issue 14, item 5) between two real Chromium pages through Kamailio: the
 * agent who picks it sets Opus to 16 kbit/s with FEC and DTX and 60 ms packets in both directions
 * (the far end's browser applies what our SDP asks, ours what we put into theirs), the call shows
 * it, and audio still flows both ways. The bytes per minute and loss concealment of both modes
 * are measured by `npm run bench` (bench/phone-audio.bench.ts), not asserted here.
 */
import { expect } from '@playwright/test';
import { call, connect, expectAudioArriving, firstDiag, goAvailable, test } from './agents';

test('a call in low-bandwidth mode negotiates 16 kbit/s Opus with FEC, DTX and 60 ms packets both ways, and audio flows', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await a.page.getByText('Audio devices and keypad').click();
  await a.page.getByRole('combobox', { name: 'Call audio' }).selectOption('low-bandwidth');
  await connect(a, b);
  await expect(call(a.page, '1002').getByRole('status', { name: 'Call audio' })).toHaveText('Low-bandwidth audio');
  await test.step('both browsers applied the low-bandwidth Opus parameters', async () => {
    // What B's browser applied came from A: it makes B send that way. What A applied makes A's encoder follow.
    for (const page of [a.page, b.page]) {
      const sdp = (await firstDiag(page)).remoteSdp ?? '';
      expect(sdp).toMatch(/a=fmtp:\d+ [^\r\n]*maxaveragebitrate=16000/);
      expect(sdp).toMatch(/a=fmtp:\d+ [^\r\n]*useinbandfec=1/);
      expect(sdp).toMatch(/a=fmtp:\d+ [^\r\n]*usedtx=1/);
      expect(sdp).toContain('a=ptime:60');
    }
  });
  await test.step('audio arrives on both sides', async () => {
    await expectAudioArriving(a.page);
    await expectAudioArriving(b.page);
  });
});

test('standard mode (a poor line not measured) leaves Opus as the browser offers it', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);
  await expect(call(a.page, '1002').getByRole('status', { name: 'Call audio' })).toHaveCount(0);
  expect((await firstDiag(b.page)).remoteSdp ?? '').not.toContain('maxaveragebitrate');
});
