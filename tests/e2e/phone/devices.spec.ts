import { expect } from '@playwright/test';
import { call, connect, expectAudioArriving, firstDiag, goAvailable, test } from './agents';

test('microphone and speaker switched during a call take effect and audio keeps flowing', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);

  await a.page.getByText('Audio devices and keypad').click();
  const mic = a.page.getByRole('combobox', { name: 'Microphone' });
  // Chromium's fake capture devices appear once the call has used the microphone.
  await expect(mic.getByRole('option', { name: 'Fake Audio Input 2' })).toHaveCount(1);
  await mic.selectOption({ label: 'Fake Audio Input 2' });
  await expect.poll(async () => (await firstDiag(a.page)).senderTrackLabel).toBe('Fake Audio Input 2');

  const speaker = a.page.getByRole('combobox', { name: 'Speaker' });
  const outputs = await speaker.getByRole('option').allTextContents();
  const other = outputs.find((o) => o !== 'System default');
  expect(other).toBeDefined();
  await speaker.selectOption({ label: other! });
  const chosen = await speaker.inputValue();
  await expect.poll(async () => (await firstDiag(a.page)).sinkId).toBe(chosen);

  await expectAudioArriving(b.page);
  await call(a.page, '1002').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(b.page, '1001')).toHaveCount(0);
});
