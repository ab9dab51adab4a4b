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

test('notes typed without pausing are saved while typing: a SIGKILL loses at most the last second', async ({ page }) => {
  const { dataDir } = await profileOnACall();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  const notes = page.getByRole('textbox', { name: 'Call notes' });
  await expect(notes).toBeEnabled();
  // When each length of the text appeared, by the page's clock (the same machine's clock as the test's).
  await page.evaluate(() => {
    const w = window as unknown as { typedAt: Array<[number, number]> };
    w.typedAt = [];
    document.querySelector('textarea')?.addEventListener('input', (e) => w.typedAt.push([(e.target as HTMLTextAreaElement).value.length, Date.now()]));
  });
  const text = 'Customer says the router drops every evening after nine, asked for an engineer visit on Saturday morning, ok.';
  // A keystroke every 40 ms and never a 250 ms pause: the old autosave saved nothing of this.
  const typing = notes.pressSequentially(text, { delay: 40 });
  await expect.poll(() => notes.inputValue().then((v) => v.length), { timeout: 30_000 }).toBeGreaterThan(60);
  const killedAt = Date.now();
  await host.kill();
  await typing;
  const typedAt = await page.evaluate(() => (window as unknown as { typedAt: Array<[number, number]> }).typedAt);
  const typedBeforeKill = typedAt.filter(([, at]) => at <= killedAt);
  const typedLength = typedBeforeKill.at(-1)?.[0] ?? 0;

  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(notes).toBeEnabled();
  const restored = await notes.inputValue();
  expect(text.startsWith(restored)).toBe(true);
  // The typing lost: from when the first character not restored was typed until the kill.
  const firstLost = typedBeforeKill.find(([length]) => length > restored.length);
  const lostMs = firstLost ? killedAt - firstLost[1] : 0;
  const gaps = typedBeforeKill.slice(1).map(([, at], i) => at - (typedBeforeKill[i]?.[1] ?? at));
  console.log(
    `notes under continuous typing: ${typedLength} characters typed before the SIGKILL (longest gap between keystrokes ${Math.max(...gaps)} ms), ` +
      `${restored.length} restored, ${typedLength - restored.length} lost = ${lostMs} ms of typing`,
  );
  expect(restored.length).toBeGreaterThan(0);
  expect(lostMs).toBeLessThanOrEqual(1000);
});
