/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createCore } from '../../../src/core/core';
import { silentLogger } from '../../../src/core/log';
import { createDemoFileVault } from '../../../src/core/vault/demo-file-vault';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

/** A demo profile whose agent is on an answered call, as the phone engine would have logged it. */
async function profileOnACall(): Promise<string> {
  const dataDir = newDataDir();
  const core = await createCore({
    dataDir,
    profile: 'demo',
    demo: true,
    vault: createDemoFileVault(dataDir),
    app: { name: 'Agent Workstation', version: '0.0.0-e2e', host: 'browser' },
    log: silentLogger,
  });
  const r = await core.dispatch(
    'calls.logEvent',
    { callId: randomUUID(), direction: 'inbound', localNumber: '1001', remoteNumber: '03001234567', event: 'answered', at: new Date().toISOString() },
    { transport: 'in-process' },
  );
  core.close();
  if (!r.ok) throw new Error(r.error.message);
  return dataDir;
}

test("the open call's notes and wrap-up come back as last saved after the app is killed", async ({ page }) => {
  const dataDir = await profileOnACall();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  const notes = page.getByRole('textbox', { name: 'Call notes' });
  await expect(notes).toBeEnabled();
  await notes.pressSequentially('Customer wants a refund for order 4411');
  await expect(page.getByRole('status', { name: 'Notes save status' })).toContainText('Saved');
  await page.getByRole('combobox', { name: 'Disposition' }).selectOption('resolved');
  await expect(page.getByRole('status', { name: 'Wrap-up save status' })).toContainText('Wrap-up saved');

  // A power cut, as far as the process can tell.
  await host.kill();
  host = await startBrowserHost(dataDir);
  await page.goto(host.url);
  await expect(page.getByRole('textbox', { name: 'Call notes' })).toHaveValue('Customer wants a refund for order 4411');
  await expect(page.getByRole('combobox', { name: 'Disposition' })).toHaveValue('resolved');

  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByRole('status', { name: 'Notes save status' })).toContainText('Note saved');
  await expect(page.getByRole('textbox', { name: 'Call notes' })).toHaveValue('');
  await page.getByRole('button', { name: 'Submit wrap-up' }).click();
  await expect(page.getByRole('form', { name: 'Wrap-up' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Call notes' })).toBeDisabled();
});
