/// <reference lib="dom" />
/**
 * Every text field carries its contract limit (issue 15 A1, issue 16 A4): a counter from 80 %,
 * typing stops at the limit, a 100 KB paste keeps what fits and says what was cut, nothing typed
 * is discarded, and the wrap-up is not submitted while the notes cannot be saved. Card and CNIC
 * numbers typed into the notes are masked, and the agent is told (issue 15 B3).
 */
import { expect, test, type Locator } from '@playwright/test';
import { startBrowserHost, type RunningHost } from '../support/browser-host';
import { profileOnACall } from '../support/on-a-call';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

/** A paste as the browser delivers one: a cancelable ClipboardEvent carrying the text. */
async function paste(field: Locator, text: string): Promise<void> {
  await field.focus();
  await field.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('notes and the callback note show their limits, keep what was typed, and the wrap-up waits for saved notes', async ({ page }) => {
  const { dataDir } = await profileOnACall({ ended: true, contact: { firstName: 'Ayesha', lastName: 'Malik' }, remoteNumber: '+923001234567' });
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  const notes = page.getByRole('textbox', { name: 'Call notes' });
  const notesRegion = page.locator('.notes-editor');
  const status = page.getByRole('status', { name: 'Notes save status' });
  const form = page.getByRole('form', { name: 'Wrap-up' });
  await expect(notes).toBeEnabled();

  await test.step('the notes box carries the contract limit and counts from 80 %', async () => {
    await expect(notes).toHaveAttribute('maxlength', '20000');
    await notes.fill('a'.repeat(15_999));
    await expect(notesRegion.getByText(/\/ 20,000/)).toHaveCount(0);
    await notes.fill('a'.repeat(16_000));
    await expect(notesRegion.getByText('16,000 / 20,000')).toBeVisible();
    await expect(status).toContainText('Saved');
  });

  await test.step('100 KB pasted: what was typed stays, what fits is added, the cut is named', async () => {
    await notes.press('End');
    await paste(notes, 'b'.repeat(100_000));
    await expect(notesRegion.getByRole('alert')).toContainText('4,000 of 100,000 characters were added; the last 96,000');
    await expect(notesRegion.getByText('20,000 / 20,000: limit reached')).toBeVisible();
    const value = await notes.inputValue();
    expect(value).toHaveLength(20_000);
    expect(value).toBe('a'.repeat(16_000) + 'b'.repeat(4_000));
    await expect(status).toContainText('Saved');
    // Typing stops at the limit rather than losing anything.
    await notes.press('x');
    expect(await notes.inputValue()).toHaveLength(20_000);
  });

  await test.step('a card and a CNIC typed into the notes are masked, and the agent is told', async () => {
    await notes.fill('Paid with 4111 1111 1111 1111, CNIC 35301-1234567-1, call back on 0300-1234567');
    await expect(notesRegion.getByRole('status', { name: 'Notes masking notice' })).toHaveText(
      'Masked a card number and a CNIC number: card and ID numbers are never stored.',
    );
    await expect(notes).toHaveValue('Paid with •••• •••• •••• 1111, CNIC •••••-•••••••-•, call back on 0300-1234567');
    await expect(status).toContainText('Saved');
  });

  await test.step('the callback note carries its limit too', async () => {
    await form.getByRole('checkbox', { name: /Schedule a callback/ }).check();
    const callbackNote = form.getByRole('textbox', { name: 'Callback note' });
    await expect(callbackNote).toHaveAttribute('maxlength', '2000');
    await paste(callbackNote, 'c'.repeat(2_500));
    await expect(callbackNote).toHaveValue('c'.repeat(2_000));
    await expect(form.getByRole('alert')).toContainText('2,000 of 2,500 characters were added');
    await form.getByRole('checkbox', { name: /Schedule a callback/ }).uncheck();
  });

  await test.step('notes the core refuses keep the wrap-up from being submitted, with the reason', async () => {
    // U+0000 is text the server could never store: the core refuses the save.
    await notes.fill('refund promised\u0000');
    await expect(status).toContainText('Not saved');
    await form.getByRole('combobox', { name: 'Disposition' }).selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(form.getByRole('alert')).toContainText('Not submitted: the call notes could not be saved');
    await expect(form).toBeVisible();
    await expect(notes).toHaveValue('refund promised\u0000');
  });

  await test.step('once the notes save, the wrap-up goes', async () => {
    await notes.fill('refund promised');
    await expect(status).toContainText('Saved');
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(form).toHaveCount(0);
  });
});
