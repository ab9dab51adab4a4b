/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

const presenceSelect = (page: Page) => page.getByRole('combobox', { name: 'Presence' });

test('the workstation loads with its panels and status bar', async ({ page }) => {
  host = await startBrowserHost(newDataDir());
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: 'Softphone' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Customer' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Script and notes' })).toBeVisible();
  await expect(page.getByLabel('Signed-in agent')).toHaveText('Ayesha Khan');
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('pending');
  await expect(page.getByRole('status', { name: 'Network and power' })).toContainText('Network');
  await expect(presenceSelect(page)).toHaveValue('Offline');
});

test('presence set in the UI round-trips through the core and survives a restart of the host', async ({ page }) => {
  const dataDir = newDataDir();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(presenceSelect(page)).toHaveValue('Offline');
  // A second window on the same address takes the desk over (one agent, one live phone, one
  // editing surface): the first says so and stops; the change made in the second round-trips.
  const other = await page.context().newPage();
  await other.goto(host.url);
  await expect(page.getByRole('alert', { name: 'Desk taken over' })).toBeVisible();
  await expect(presenceSelect(page)).toHaveCount(0);
  await expect(presenceSelect(other)).toHaveValue('Offline');
  await presenceSelect(other).selectOption('Lunch');
  await expect(presenceSelect(other)).toHaveValue('Lunch');
  await other.close();

  await host.stop();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(presenceSelect(page)).toHaveValue('Lunch');
});

test('presence survives the host being killed (SIGKILL) right after the change', async ({ page }) => {
  const dataDir = newDataDir();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await presenceSelect(page).selectOption('Available');
  // The select shows the core's answer, which comes only after the write is durable.
  await expect(presenceSelect(page)).toHaveValue('Available');
  await host.kill();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(presenceSelect(page)).toHaveValue('Available');
});

test('a malformed request from the page is refused with a typed error', async ({ page }) => {
  host = await startBrowserHost(newDataDir());
  await page.goto(host.url);
  await expect(presenceSelect(page)).toBeEnabled();
  const answers = await page.evaluate(async () => {
    const ws = new WebSocket(`ws://${location.host}/agent`);
    await new Promise((r) => (ws.onopen = r));
    const replies: unknown[] = [];
    const got = new Promise<void>((resolve) => {
      ws.onmessage = (e) => {
        const frame = JSON.parse(String(e.data));
        if (frame.type === 'response') replies.push(frame);
        if (replies.length === 3) resolve();
      };
    });
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'presence.set', input: { state: 'Sleeping' } }));
    ws.send(JSON.stringify({ type: 'request', id: 2, method: 'presence.teleport', input: {} }));
    ws.send(JSON.stringify({ type: 'request', id: 3, method: 'presence.set', input: '<script>' }));
    await got;
    ws.close();
    return replies;
  });
  expect(answers).toEqual([
    { type: 'response', id: 1, result: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('state') } } },
    { type: 'response', id: 2, result: { ok: false, error: { code: 'UNKNOWN_METHOD', message: expect.any(String) } } },
    { type: 'response', id: 3, result: { ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String) } } },
  ]);
  // Nothing was changed by the refused requests.
  await page.reload();
  await expect(presenceSelect(page)).toHaveValue('Offline');
});

test('the address opens the page once: the code leaves the address and is spent', async ({ page, browser }) => {
  host = await startBrowserHost(newDataDir());
  await page.goto(host.url);
  await expect(page.getByLabel('Signed-in agent')).toHaveText('Ayesha Khan');
  expect(new URL(page.url()).searchParams.has('code')).toBe(false);
  // Another browser (another local user who read the address off a command line) gets nothing.
  const stranger = await browser.newContext();
  const response = await (await stranger.newPage()).goto(host.url);
  expect(response?.status()).toBe(403);
  await stranger.close();
});

test('the page is refused without the per-run token', async ({ page }) => {
  host = await startBrowserHost(newDataDir());
  const bare = new URL(host.url);
  bare.search = '';
  const response = await page.goto(bare.toString());
  expect(response?.status()).toBe(403);
});
