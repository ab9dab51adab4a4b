/// <reference lib="dom" />
/**
 * Outbound preview dialing on the demo desk: the browser host's embedded sync server seeds the
 * demo campaigns, lead list and do-not-call list; the workstation pulls them. The agent picks the
 * insurance-renewal campaign, previews leads, skips with reasons, is stopped at a do-not-call lead
 * with the reason, and dials a callable lead (the request reaches the phone engine, which has no
 * SIP server here and says so).
 */
import { expect, test, type Page } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

const dialer = (page: Page) => page.getByRole('region', { name: 'Softphone' }).getByLabel('Preview dialing');

async function skipWith(page: Page, reason: string, other?: string) {
  const d = dialer(page);
  await d.getByRole('button', { name: 'Skip', exact: true }).click();
  await d.getByRole('combobox', { name: 'Skip reason' }).selectOption(reason);
  if (other !== undefined) await d.getByRole('textbox', { name: 'Other reason' }).fill(other);
  await d.getByRole('button', { name: 'Confirm skip' }).click();
}

/** Sends agent API requests over the page's own authenticated WebSocket, as the renderer does. */
async function apiCalls(page: Page, token: string, calls: Array<{ method: string; input: unknown }>): Promise<unknown[]> {
  return page.evaluate(
    async ({ t, calls }) => {
      const ws = new WebSocket(`ws://${location.host}/agent?token=${t}`);
      await new Promise((r) => (ws.onopen = r));
      const results: unknown[] = [];
      for (const [i, c] of calls.entries()) {
        const answer = new Promise<unknown>((resolve) => {
          ws.onmessage = (e) => {
            const frame = JSON.parse(String(e.data)) as { type: string; id: number; result: unknown };
            if (frame.type === 'response' && frame.id === i + 1) resolve(frame.result);
          };
        });
        ws.send(JSON.stringify({ type: 'request', id: i + 1, method: c.method, input: c.input }));
        results.push(await answer);
      }
      ws.close();
      return results;
    },
    { t: token, calls },
  );
}

test('the agent works the insurance-renewal leads: preview, skip with a reason, refused at a do-not-call lead, dial', async ({ page }) => {
  host = await startBrowserHost(newDataDir());
  await page.goto(host.url);
  const d = dialer(page);

  // The campaigns arrive with the first pull from the embedded server.
  const picker = d.getByRole('combobox', { name: 'Campaign' });
  await expect(picker.getByRole('option', { name: 'Lifeline health insurance renewal' })).toBeAttached();
  await picker.selectOption({ label: 'Lifeline health insurance renewal' });
  await expect(picker).toHaveValue('insurance-renewal');

  await d.getByRole('button', { name: 'Next lead' }).click();
  const sandra = d.getByRole('article', { name: 'Lead Sandra Lee' });
  await expect(sandra.getByLabel('Lead number')).toHaveText('+13123045605');
  await expect(sandra.getByLabel("Customer's local time")).toContainText('America/Chicago');
  await expect(sandra.getByRole('button', { name: 'Dial' })).toBeEnabled();

  // Skip with a reason of the agent's own, then one from the list.
  await skipWith(page, 'Other', 'Customer on holiday until Monday');
  const jessica = d.getByRole('article', { name: 'Lead Jessica Miller' });
  await expect(jessica).toContainText('Karachi Traders');
  await skipWith(page, 'Outside calling hours');

  // James Hernandez asked not to be called: the reason is shown and Dial is disabled.
  const james = d.getByRole('article', { name: 'Lead James Hernandez' });
  await expect(james.getByRole('note', { name: "Why this lead can't be dialed" })).toHaveText(
    "Can't dial: James Hernandez asked not to be called (do not call).",
  );
  await expect(james.getByRole('button', { name: 'Dial' })).toBeDisabled();

  // The core refuses the dial too, whoever asks: the API answers DO_NOT_CALL with the reason.
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const [next] = (await apiCalls(page, token, [{ method: 'campaigns.nextLead', input: { campaignId: 'insurance-renewal' } }])) as Array<{
    ok: true;
    value: { lead: { id: string } };
  }>;
  const [refused] = await apiCalls(page, token, [{ method: 'campaigns.dialLead', input: { leadId: next?.value.lead.id } }]);
  expect(refused).toEqual({ ok: false, error: { code: 'DO_NOT_CALL', message: 'James Hernandez asked not to be called (do not call).' } });

  await skipWith(page, 'Do not call');
  const diego = d.getByRole('article', { name: 'Lead Diego Rodriguez' });
  await expect(diego.getByLabel('Lead number')).toHaveText('+13126205407');
  await diego.getByRole('button', { name: 'Dial' }).click();
  await expect(diego.getByRole('status', { name: 'Lead dial' })).toHaveText('Dialing +13126205407…');
  // The dial request reached the phone engine, which has no SIP server to call through here.
  await expect(page.getByRole('region', { name: 'Softphone' }).getByRole('alert').filter({ hasText: /phone is not/ })).toBeVisible();

  // The next lead's number is on the server's do-not-call list.
  await d.getByRole('button', { name: 'Next lead' }).click();
  const karen = d.getByRole('article', { name: 'Lead Karen White' });
  await expect(karen.getByRole('note', { name: "Why this lead can't be dialed" })).toHaveText(
    "Can't dial: +16175779166 is on the do-not-call list (National Do Not Call Registry).",
  );
  await expect(karen.getByRole('button', { name: 'Dial' })).toBeDisabled();

  // Every outcome reached the sync server: nothing left pending.
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('0 pending');
});
