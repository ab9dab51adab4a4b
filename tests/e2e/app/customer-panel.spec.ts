/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

test('a number typed with the 00 prefix finds the contact, and the time zone is picked from the valid zones', async ({ page }) => {
  host = await startBrowserHost(newDataDir());
  await page.goto(host.url);
  const panel = page.getByRole('region', { name: 'Customer' });
  // The demo contacts reach the local store by the first pull.
  await expect(page.getByRole('status', { name: 'Sync status' })).not.toContainText('last sync never', { timeout: 30_000 });
  await panel.getByRole('searchbox', { name: 'Search contacts' }).fill('0092 322-494 2043');
  await panel.getByRole('button', { name: 'Nida Hussain' }).click();
  const card = panel.getByRole('article', { name: 'Contact Nida Hussain' });
  await card.getByRole('button', { name: 'Edit contact' }).click();
  const zone = card.getByRole('combobox', { name: 'Time zone' });
  // Only real IANA zones are offered: nothing to mistype.
  expect(await zone.locator('option').count()).toBeGreaterThan(300);
  await zone.selectOption('Asia/Karachi');
  await card.getByRole('button', { name: 'Save contact' }).click();
  await expect(card).toContainText('(Asia/Karachi)');
});
