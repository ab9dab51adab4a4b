/// <reference lib="dom" />
/**
 * The laptop in the agent's words (issue 14, items 1 and 3), in a real browser on the browser host:
 * the battery the page sees reaches the status bar, a low battery warns, a critical one takes the
 * agent out of the queue and says why; auto-away sets an Available agent with no input to Break
 * and tells them why when they come back.
 *
 * The battery is a named stand-in: navigator.getBattery() replaced before the page loads by a
 * battery the test drains, because a real laptop battery can't be drained on demand (and this
 * machine has none). Everything behind it — the page's reporting, the core's rules, presence and
 * the status bar — is the real thing.
 */
import { expect, test, type Page } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

const presenceSelect = (page: Page) => page.getByRole('combobox', { name: 'Presence' });

/** Installs the stand-in battery: `window.testBattery.set(level, charging)` fires the API's events. */
async function withTestBattery(page: Page, level: number, charging: boolean): Promise<void> {
  await page.addInitScript(
    ([initialLevel, initialCharging]) => {
      const battery = new EventTarget() as EventTarget & { level: number; charging: boolean };
      battery.level = initialLevel;
      battery.charging = initialCharging;
      const set = (nextLevel: number, nextCharging: boolean) => {
        const chargingChanged = nextCharging !== battery.charging;
        battery.level = nextLevel;
        battery.charging = nextCharging;
        battery.dispatchEvent(new Event('levelchange'));
        if (chargingChanged) battery.dispatchEvent(new Event('chargingchange'));
      };
      Object.defineProperty(window, 'testBattery', { value: { set } });
      Object.defineProperty(Navigator.prototype, 'getBattery', { value: () => Promise.resolve(battery), configurable: true });
    },
    [level, charging] as const,
  );
}

const setBattery = (page: Page, level: number, charging: boolean) =>
  page.evaluate(([l, c]) => (window as unknown as { testBattery: { set(l: number, c: boolean): void } }).testBattery.set(l, c), [level, charging] as const);

test('the battery shows in the status bar, warns when low and takes the agent out of the queue when critical', async ({ page }) => {
  host = await startBrowserHost(newDataDir(), { AGENT_EMBEDDED_SYNC: '0' });
  await withTestBattery(page, 0.8, true);
  await page.goto(host.url);
  const power = page.getByRole('status', { name: 'Network and power' });
  await expect(power).toContainText('On mains · charging 80 %');

  await test.step('unplugged: on battery, with its level', async () => {
    await presenceSelect(page).selectOption('Available');
    await setBattery(page, 0.42, false);
    await expect(power).toContainText('On battery · 42 %');
    await expect(page.getByRole('alert', { name: 'Battery warning' })).toHaveCount(0);
  });

  await test.step('low: a warning, still Available', async () => {
    await setBattery(page, 0.14, false);
    await expect(page.getByRole('alert', { name: 'Battery warning' })).toContainText('Battery low (14 %): plug in the charger');
    await expect(presenceSelect(page)).toHaveValue('Available');
  });

  await test.step('critical: Not Ready with the reason, so no new customer call rings', async () => {
    await setBattery(page, 0.06, false);
    await expect(page.getByRole('alert', { name: 'Battery warning' })).toContainText('Battery critical (6 %)');
    await expect(presenceSelect(page)).toHaveValue('Break');
  });

  await test.step('plugged in again: the warning goes and the agent picks Available', async () => {
    await setBattery(page, 0.07, true);
    await expect(page.getByRole('alert', { name: 'Battery warning' })).toHaveCount(0);
    await presenceSelect(page).selectOption('Available');
    await expect(presenceSelect(page)).toHaveValue('Available');
  });
});

test('a browser without the Battery Status API shows the power as unknown and never sends the agent away for it', async ({ page }) => {
  host = await startBrowserHost(newDataDir(), { AGENT_EMBEDDED_SYNC: '0' });
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'getBattery', { value: undefined, configurable: true }));
  await page.goto(host.url);
  await presenceSelect(page).selectOption('Available');
  await expect(page.getByRole('status', { name: 'Network and power' })).toContainText('Power unknown');
  await expect(presenceSelect(page)).toHaveValue('Available');
});

test('auto-away: no input while Available sets Break with reason Idle, and the agent is told why', async ({ page }) => {
  // 0.05 minutes = 3 s, so the test awaits the change instead of minutes of nothing.
  host = await startBrowserHost(newDataDir(), { AGENT_EMBEDDED_SYNC: '0', AGENT_IDLE_AWAY_MINUTES: '0.05' });
  await page.goto(host.url);
  await presenceSelect(page).selectOption('Available');
  // Nobody touches the page from here: the core's timer, not the test, moves presence.
  await expect(presenceSelect(page)).toHaveValue('Break');
  await expect(page.getByRole('status', { name: 'Auto-away' })).toContainText('You were set to Break after 3 seconds without keyboard or mouse input');
});
