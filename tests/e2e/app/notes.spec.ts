/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { startBrowserHost, type RunningHost } from '../support/browser-host';
import { profileOnACall } from '../support/on-a-call';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

test("the open call's notes and wrap-up come back as last saved after the app is killed", async ({ page }) => {
  const { dataDir } = await profileOnACall();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  const notes = page.getByRole('textbox', { name: 'Call notes' });
  await test.step('notes and a disposition are typed and saved', async () => {
    await expect(notes).toBeEnabled();
    await notes.pressSequentially('Customer wants a refund for order 4411');
    await expect(page.getByRole('status', { name: 'Notes save status' })).toContainText('Saved');
    await page.getByRole('combobox', { name: 'Disposition' }).selectOption('resolved');
    await expect(page.getByRole('status', { name: 'Wrap-up save status' })).toContainText('Wrap-up saved');
  });
  await test.step('after a kill both come back as last saved', async () => {
    // A power cut, as far as the process can tell.
    await host?.kill();
    host = await startBrowserHost(dataDir);
    await page.goto(host.url);
    await expect(page.getByRole('textbox', { name: 'Call notes' })).toHaveValue('Customer wants a refund for order 4411');
    await expect(page.getByRole('combobox', { name: 'Disposition' })).toHaveValue('resolved');
  });
  await test.step('the note is saved and the wrap-up submitted', async () => {
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(page.getByRole('status', { name: 'Notes save status' })).toContainText('Note saved');
    await expect(page.getByRole('textbox', { name: 'Call notes' })).toHaveValue('');
    await page.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(page.getByRole('form', { name: 'Wrap-up' })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Call notes' })).toBeDisabled();
  });
});
