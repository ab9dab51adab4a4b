/// <reference lib="dom" />
/**
 * Issue 16 B in a real Chromium: the agent switches the desk to Urdu and it turns right to left,
 * speaks Urdu, renders Urdu script in the bundled font (allowed by the CSP), and keeps a caller's
 * number readable beside an Urdu name; IT's preset opens the desk in Urdu, the agent's own pick wins.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBrowserHost, type RunningHost } from '../support/browser-host';
import { profileOnACall } from '../support/on-a-call';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

const CALLER = { firstName: 'عائشہ', lastName: 'صدیقی', number: '+923001234567' };

/** Where the first and the last character of an element's text are drawn, left to right. */
async function firstAndLastCharX(el: Locator): Promise<{ first: number; last: number; text: string }> {
  return el.evaluate((node) => {
    const text = node.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) throw new Error('expected a text node');
    const at = (i: number) => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getBoundingClientRect().left;
    };
    const length = text.textContent?.length ?? 0;
    return { first: at(0), last: at(length - 1), text: text.textContent ?? '' };
  });
}

/** Every Content-Security-Policy refusal the page reports from now on. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('the agent switches the desk to Urdu: right to left, Urdu labels and font, an isolated caller number', async ({ page }) => {
  const violations = cspViolations(page);
  const { dataDir } = await profileOnACall({
    remoteNumber: CALLER.number,
    contact: { firstName: CALLER.firstName, lastName: CALLER.lastName, phones: [{ label: 'mobile', number: CALLER.number }] },
    ended: true,
  });
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);

  await test.step('the desk opens in English, left to right, dates in the agent’s locale', async () => {
    await expect(page.getByRole('combobox', { name: 'Presence' })).toHaveValue('Wrap-up');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    const recent = page.getByRole('list', { name: 'Recent calls' });
    await expect(recent.getByRole('listitem')).toHaveCount(1);
    // Not the US "11/30/2026, 6:47:26 PM": the agent's locale (Pakistan's English) through Intl.
    await expect(recent).not.toContainText(/\d{1,2}\/\d{1,2}\/\d{4}/);
  });

  await test.step('picking اردو turns the page right to left and into Urdu', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ur');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ur-PK');
    await expect(page.getByRole('combobox', { name: 'موجودگی' })).toHaveValue('Wrap-up');
    await expect(page.getByRole('combobox', { name: 'موجودگی' }).locator('option:checked')).toHaveText('ریپ اپ');
    await expect(page.getByRole('region', { name: 'سافٹ فون' })).toBeVisible();
    const wrapup = page.getByRole('form', { name: 'ریپ اپ' });
    await expect(wrapup.getByRole('button', { name: 'ریپ اپ جمع کریں' })).toBeDisabled();
    await expect(wrapup.getByRole('note', { name: 'جمع کیوں نہیں ہو سکتا' })).toHaveText('ریپ اپ جمع کرنے کے لیے ڈسپوزیشن منتخب کریں۔');
    // The layout mirrors: the softphone column now sits on the right of the customer's.
    const softphone = await page.getByRole('region', { name: 'سافٹ فون' }).boundingBox();
    const customer = await page.getByRole('region', { name: 'کسٹمر' }).boundingBox();
    expect(softphone && customer && softphone.x > customer.x).toBe(true);
  });

  await test.step('a caller with an Urdu name keeps their number left to right, isolated', async () => {
    const item = page.getByRole('region', { name: 'کال ہسٹری' }).getByRole('listitem').first();
    await expect(item.locator('.party-name')).toHaveText(`${CALLER.firstName} ${CALLER.lastName}`);
    const number = item.locator('bdi.phone-number');
    await expect(number).toHaveText(CALLER.number);
    await expect(number).toHaveAttribute('dir', 'ltr');
    // Drawn as "+923001234567": the plus on the left of the digits, never "(923001234567+)".
    const drawn = await firstAndLastCharX(number);
    expect(drawn.text).toBe(CALLER.number);
    expect(drawn.first).toBeLessThan(drawn.last);
    // The name is read right to left: its first letter is drawn right of its last.
    const name = await firstAndLastCharX(item.locator('.party-name'));
    expect(name.first).toBeGreaterThan(name.last);
  });

  await test.step('Urdu script is drawn in the bundled Noto Naskh Arabic, which the CSP allows', async () => {
    await page.evaluate(() => document.fonts.ready);
    await expect
      .poll(() => page.evaluate(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Noto Naskh Arabic' && f.status === 'loaded')))
      .toBe(true);
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Naskh Arabic"', 'ہے'))).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"?Noto Naskh Arabic/);
    expect(violations).toEqual([]);
  });

  await test.step('the pick is kept: after a reload the desk is still in Urdu', async () => {
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('combobox', { name: 'زبان' })).toHaveValue('ur');
  });
});

test("IT's preset opens the desk in Urdu; the agent's own pick of English wins from then on", async ({ page }) => {
  const { dataDir } = await profileOnACall();
  host = await startBrowserHost(dataDir, { AGENT_POLICY_LOCALE: 'ur-PK' });
  await page.goto(host.url);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('textbox', { name: 'کال نوٹس' })).toBeEnabled();
  await page.getByRole('combobox', { name: 'زبان' }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Call notes' })).toBeEnabled();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});
