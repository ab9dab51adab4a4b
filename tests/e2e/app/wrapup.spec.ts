/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { startBrowserHost, type RunningHost } from '../support/browser-host';
import { profileOnACall } from '../support/on-a-call';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

// An agent in Karachi calling a customer in Chicago back: the two clocks differ by 11 hours.
const AGENT_ZONE = 'Asia/Karachi';
const CUSTOMER_ZONE = 'America/Chicago';
test.use({ timezoneId: AGENT_ZONE });

const hhmm = (iso: string, timeZone: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]),
  );
  return `${p.hour}:${p.minute}`;
};

test('wrap-up with a disposition and a callback: presence back to Available, the callback listed in both clocks, a due one reminded', async ({ page }) => {
  const { dataDir } = await profileOnACall({
    remoteNumber: '+13125550147',
    contact: { firstName: 'Emily', lastName: 'Carter', timezone: CUSTOMER_ZONE, phones: [{ label: 'mobile', number: '+13125550147' }] },
    presenceBefore: 'Available',
    ended: true,
    campaign: {
      id: 'e2e-renewals',
      scriptId: null,
      wrapup: { mode: 'mandatory' },
      dispositions: [
        { code: 'RENEWED', label: 'Renewed', needsCallback: false },
        { code: 'QUOTE_SENT', label: 'Quote sent, follow up', needsCallback: true },
      ],
    },
    // Promised earlier and now overdue: the reminder shows as soon as the app is up.
    callbacks: [{ dueAt: new Date(Date.now() - 5 * 60_000).toISOString(), note: 'confirm the first payment' }],
  });
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);

  const presence = page.getByRole('combobox', { name: 'Presence' });
  const reminder = page.getByRole('alert', { name: 'Callback due: Emily Carter' });
  const form = page.getByRole('form', { name: 'Wrap-up' });
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: AGENT_ZONE }).format(new Date(Date.now() + 86_400_000));
  const dueAt = new Date(`${tomorrow}T10:00:00+05:00`).toISOString();
  const list = page.getByRole('list', { name: 'Upcoming callbacks' });

  await test.step('the open wrap-up and the overdue callback are on screen at start', async () => {
    await expect(presence).toHaveValue('Wrap-up');
    await expect(reminder).toContainText('confirm the first payment');
  });

  await test.step('a mandatory wrap-up keeps the agent from going Available', async () => {
    // Mandatory: the wrap-up says so, and the core refuses Available until it is submitted.
    await expect(form.getByLabel('Wrap-up rule')).toContainText('Wrap-up required');
    await expect(form.getByRole('button', { name: 'Skip wrap-up' })).toHaveCount(0);
    await presence.selectOption('Available');
    await expect(page.getByRole('alert').filter({ hasText: 'Wrap-up required: submit a disposition before going Available.' })).toBeVisible();
    await expect(presence).toHaveValue('Wrap-up');
  });

  await test.step("a disposition that needs a callback: scheduled in the agent's clock, shown in the customer's, saved", async () => {
    // The campaign's codes; this one needs a callback: tomorrow 10:00 in Karachi.
    await form.getByRole('combobox', { name: 'Disposition' }).selectOption('QUOTE_SENT');
    await form.getByLabel('Callback date').fill(tomorrow);
    await form.getByLabel('Callback time').fill('10:00');
    await form.getByLabel('Callback note').fill('send the renewal quote');
    const when = form.getByLabel('Callback time for you and the customer');
    await expect(when).toContainText('You: ');
    await expect(when).toContainText('10:00');
    await expect(when).toContainText(`Customer: `);
    await expect(when).toContainText(`${hhmm(dueAt, CUSTOMER_ZONE)} in Chicago`);
    await expect(page.getByRole('status', { name: 'Wrap-up save status' })).toContainText('Wrap-up saved');
  });

  await test.step('submitted: the form goes and presence is back to Available', async () => {
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(form).toHaveCount(0);
    await expect(presence).toHaveValue('Available');
  });

  await test.step('the callback is listed in both clocks with click-to-dial', async () => {
    // Listed with the agent's time and the customer's beside it, with click-to-dial.
    const scheduled = list.getByRole('listitem').filter({ hasText: 'send the renewal quote' });
    await expect(scheduled.getByLabel('Your time')).toContainText('10:00');
    await expect(scheduled.getByLabel("Customer's local time")).toContainText(`${hhmm(dueAt, CUSTOMER_ZONE)} in Chicago`);
    await expect(scheduled.getByRole('button', { name: 'Call Emily Carter at +13125550147' })).toBeVisible();
  });

  await test.step('the overdue callback is marked done: its reminder and its row go', async () => {
    // The overdue one is done: its reminder and its row go.
    const overdue = list.getByRole('listitem').filter({ hasText: 'confirm the first payment' });
    await overdue.getByRole('button', { name: 'Mark callback with Emily Carter done' }).click();
    await expect(overdue).toHaveCount(0);
    await expect(reminder).toHaveCount(0);
    await expect(list.getByRole('listitem')).toHaveCount(1);
  });
});
