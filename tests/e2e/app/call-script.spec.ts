/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserHost, type RunningHost } from '../support/browser-host';
import { coreRequest } from '../support/core-request';
import { publishOnDemoServer } from '../support/demo-server';
import { profileOnACall } from '../support/on-a-call';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

/** The demo contact Nida Hussain calls; her campaign follows the broadband retention script (v3). */
const CALL = { remoteNumber: '03224942043', campaign: { id: 'e2e-retention', scriptId: 'broadband-retention' } } as const;
const script = (page: Page) => page.getByRole('region', { name: 'Call script' });
const heading = (page: Page, name: string) => script(page).getByRole('heading', { name });
const radio = (page: Page, group: string, option: string) => script(page).getByRole('radiogroup', { name: group }).getByRole('radio', { name: option });

test('a script with a branch is followed, survives a kill mid-way, and its answers are stored with the call', async ({ page }) => {
  const { dataDir, callId } = await profileOnACall(CALL);
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);

  await test.step('the script arrives with the first pull, filled from the call and the contact', async () => {
    // The first pull brings the script and the caller's contact; the text is filled from both.
    await expect(heading(page, 'Greeting')).toBeVisible();
    await expect(script(page)).toContainText('Assalam-o-Alaikum Nida, this is Ayesha Khan from StarNet Broadband.');
    await expect(script(page)).toContainText('on +923224942043');
  });
  await test.step('a required answer is asked for before Next', async () => {
    // Required answers first.
    await script(page).getByRole('button', { name: 'Next' }).click();
    await expect(script(page).getByRole('alert', { name: 'Answers needed' })).toHaveText('Customer has time to talk is required');
    await expect(script(page).getByRole('button', { name: 'Back' })).toBeDisabled();
    await radio(page, 'Customer has time to talk', 'Yes').check();
    await script(page).getByRole('button', { name: 'Next' }).click();
  });
  await test.step('the answers branch to the retention offer and are saved', async () => {
    // "Unhappy" branches to the retention offer instead of the close.
    await expect(heading(page, 'Satisfaction')).toBeVisible();
    await radio(page, 'Satisfaction', 'Unhappy').check();
    await script(page).getByRole('textbox', { name: 'Problems mentioned' }).fill('Drops every evening');
    await script(page).getByRole('button', { name: 'Next' }).click();
    await expect(heading(page, 'Retention offer')).toBeVisible();
    await radio(page, 'Accepts the offer', 'Yes').check();
    await expect(page.getByRole('status', { name: 'Script save status' })).toContainText('Answers saved');
  });
  await test.step('after a kill the run reopens at the same page with its answers, and Back retraces the branch', async () => {
    // A power cut, as far as the process can tell: the run reopens at the same page with its answers.
    await host?.kill();
    host = await startBrowserHost(dataDir);
    await page.goto(host.url);
    await expect(heading(page, 'Retention offer')).toBeVisible();
    // The caller's record is back on screen too.
    await expect(page.getByRole('article', { name: 'Contact Nida Hussain' })).toBeVisible();
    await expect(radio(page, 'Accepts the offer', 'Yes')).toBeChecked();
    await script(page).getByRole('button', { name: 'Back' }).click();
    await expect(heading(page, 'Satisfaction')).toBeVisible();
    await expect(radio(page, 'Satisfaction', 'Unhappy')).toBeChecked();
    await expect(script(page).getByRole('textbox', { name: 'Problems mentioned' })).toHaveValue('Drops every evening');
  });
  const answers = { hasTime: 'yes', satisfaction: 'Unhappy', problems: 'Drops every evening', acceptsOffer: 'yes' };
  await test.step('the script is finished and its answers are stored with the call and synced', async () => {
    await script(page).getByRole('button', { name: 'Next' }).click();
    await script(page).getByRole('button', { name: 'Next' }).click();
    await expect(heading(page, 'Close')).toBeVisible();
    await script(page).getByRole('button', { name: 'Finish script' }).click();
    await expect(page.getByRole('status', { name: 'Script status' })).toContainText('Script finished');

    await expect(script(page).getByRole('definition')).toHaveText(['yes', 'Unhappy', 'Drops every evening', 'yes']);
    expect(await coreRequest(page, 'scripts.forCall', { callId })).toMatchObject({
      ok: true,
      value: { scriptId: 'broadband-retention', run: { scriptVersion: 3, stepId: 'close', answers, finishedAt: expect.any(String) } },
    });
    // The answers went to the server with the call.
    await expect.poll(async () => coreRequest(page, 'sync.status', {})).toMatchObject({ ok: true, value: { pending: 0 } });
  });
  await test.step('after a restart the script shows as finished with the same answers', async () => {
    // Still there after a restart, and shown as finished.
    await host?.stop();
    host = await startBrowserHost(dataDir);
    await page.goto(host.url);
    await expect(page.getByRole('status', { name: 'Script status' })).toContainText('Script finished');
    expect(await coreRequest(page, 'scripts.forCall', { callId })).toMatchObject({ ok: true, value: { run: { answers } } });
  });
});

test('a malformed script version is refused with its error shown, and the previous version stays usable', async ({ page }) => {
  const { dataDir } = await profileOnACall(CALL);
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(heading(page, 'Greeting')).toBeVisible();
  await host.stop();

  // A supervisor publishes version 4 with a page that continues to a page that does not exist.
  const doc = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/demo/scripts/broadband-retention.json'), 'utf8')) as {
    version: number;
    pages: Array<{ id: string; next: string | null }>;
  };
  doc.version = 4;
  doc.pages.find((p) => p.id === 'offer')!.next = 'closing';
  await publishOnDemoServer(dataDir, { id: 'broadband-retention', version: 4, name: 'Home broadband — retention', body: JSON.stringify(doc) });

  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(script(page).getByRole('alert', { name: 'Script problem' })).toHaveText(
    'Script "Home broadband — retention" (broadband-retention) version 4 was refused: page "offer" continues to missing page "closing". Still using version 3.',
  );
  await expect(script(page).getByText('v3', { exact: true })).toBeVisible();
  await radio(page, 'Customer has time to talk', 'Yes').check();
  await script(page).getByRole('button', { name: 'Next' }).click();
  await expect(heading(page, 'Satisfaction')).toBeVisible();
  expect(await coreRequest(page, 'scripts.problems', {})).toMatchObject({ ok: true, value: [{ scriptId: 'broadband-retention', version: 4, inUseVersion: 3 }] });
});
