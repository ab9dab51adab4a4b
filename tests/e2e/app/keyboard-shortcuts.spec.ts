import { expect, test, type Page } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

/**
 * Issue 16 C: the `?` list of shortcuts, and changing one from the keyboard — a conflicting
 * chord is refused with its reason and nothing changes, a good one is kept in the agent's store
 * across a reload. No mouse on the page.
 */
let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

const overlay = (page: Page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' });
const keysOf = (page: Page, action: string) => overlay(page).getByRole('row').filter({ hasText: action }).locator('kbd');

test('? lists the shortcuts; a conflicting change is refused with its reason, a good one is kept', async ({ page }) => {
  host = await startBrowserHost(newDataDir(), { AGENT_EMBEDDED_SYNC: '0' });
  await page.goto(host.url);
  await expect(page.getByRole('combobox', { name: 'Presence' })).toHaveValue('Offline');

  await test.step('every control has a name a screen reader can say', async () => {
    await page.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const tree = await page.locator('body').ariaSnapshot();
    // An unnamed control appears in the tree as its bare role: `- button`, `- textbox [disabled]`, `- combobox:`.
    expect(tree.split('\n').filter((line) => /^\s*- (button|textbox|combobox|checkbox|radio|spinbutton|slider|link)(\s*\[|:|$)/.test(line))).toEqual([]);
  });

  await test.step('? outside a text box opens the list; typed into a text box it is text', async () => {
    const number = page.getByRole('textbox', { name: 'Number to dial' });
    await page.keyboard.press('Alt+KeyK');
    await expect(number).toBeFocused();
    await page.keyboard.type('?');
    await expect(number).toHaveValue('?');
    await expect(overlay(page)).toHaveCount(0);
    await page.keyboard.press('Backspace');
    await number.blur();
    await page.keyboard.press('Shift+Slash');
    await expect(overlay(page)).toBeVisible();
    await expect(keysOf(page, 'Answer')).toHaveText('Alt+A');
    await expect(keysOf(page, 'Submit wrap-up')).toHaveText('Alt+S');
    await expect(page.getByRole('combobox', { name: 'Presence' })).toHaveAttribute('aria-keyshortcuts', 'Alt+R Alt+B');
  });

  const change = overlay(page).getByRole('button', { name: 'Change the shortcut for Mute / unmute' });
  await test.step('Mute on Alt+H, which Hold has: refused, with the reason', async () => {
    await change.focus();
    await page.keyboard.press('Enter');
    await expect(overlay(page).getByRole('button', { name: 'Press the new keys… (Esc cancels)' })).toBeFocused();
    await page.keyboard.press('Alt+KeyH');
    await expect(overlay(page).getByRole('alert')).toHaveText('Not saved: Alt+H is already used for “Hold / resume”; it cannot also be “Mute / unmute”.');
    await expect(keysOf(page, 'Mute / unmute')).toHaveText('Alt+M');
  });

  await test.step('Mute on F9: saved, and still F9 after a reload', async () => {
    await change.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('F9');
    await expect(overlay(page).getByRole('status')).toHaveText('Shortcuts saved.');
    await expect(keysOf(page, 'Mute / unmute')).toHaveText('F9');
    await page.keyboard.press('Escape');
    await expect(overlay(page)).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Presence' })).toHaveValue('Offline');
    await page.keyboard.press('Shift+Slash');
    await expect(keysOf(page, 'Mute / unmute')).toHaveText('F9');
  });
});
