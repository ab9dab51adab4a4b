/// <reference lib="dom" />
/**
 * Issue 16 A7 at a laptop's 1366×768 and at 1920×1080: when the wrap-up starts, its rule,
 * dispositions and Submit are in view without scrolling.
 */
import { expect, test } from '@playwright/test';
import { startBrowserHost, type RunningHost } from '../support/browser-host';
import { profileOnACall } from '../support/on-a-call';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

for (const size of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${size.width}×${size.height} the wrap-up comes into view when it starts`, async ({ page }) => {
    await page.setViewportSize(size);
    const { dataDir } = await profileOnACall();
    host = await startBrowserHost(dataDir);
    await page.goto(host.url);
    // The call this profile holds died with its workstation: it is in wrap-up.
    await expect(page.getByRole('combobox', { name: 'Presence' })).toHaveValue('Wrap-up');
    const form = page.getByRole('form', { name: 'Wrap-up' });
    await expect(form.getByRole('combobox', { name: 'Disposition' })).toBeInViewport();
    await expect(form.getByRole('button', { name: 'Submit wrap-up' })).toBeInViewport();
    await expect(form.getByRole('note', { name: 'Why Submit is unavailable' })).toHaveText('Pick a disposition to submit the wrap-up.');
  });
}
