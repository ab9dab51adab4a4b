/// <reference lib="dom" />
/**
 * IT controls in a real browser (issue 15 B1, B4): settings IT's policy locks are shown locked,
 * and "Export diagnostics" writes a zip whose path the agent is shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  host = null;
});

test('locked settings show as locked, and Export diagnostics saves a zip for IT', async ({ page }) => {
  const dataDir = newDataDir();
  const policyFile = path.join(dataDir, 'policy.json');
  fs.writeFileSync(
    policyFile,
    JSON.stringify({
      locked: ['phone.devices'],
      retentionDays: 'forever',
      sipWsServers: ['wss://sbc.policy.example:8443/ws'],
      sipDomain: 'voice.policy.example',
      iceServers: [{ urls: ['stun:stun.policy.example:3478'] }],
    }),
  );
  host = await startBrowserHost(dataDir, { AGENT_POLICY_FILE: policyFile, AGENT_EMBEDDED_SYNC: '0' });
  await page.goto(host.url);

  await test.step('the devices IT locked cannot be changed and say so; the keypad setting can', async () => {
    await page.getByText('Audio devices and keypad').click();
    await expect(page.getByRole('combobox', { name: 'Microphone' })).toBeDisabled();
    await expect(page.getByRole('combobox', { name: 'Speaker' })).toBeDisabled();
    await expect(page.locator('.phone-settings')).toContainText('Locked by IT');
    await expect(page.getByRole('combobox', { name: 'Keypad tones' })).toBeEnabled();
  });

  await test.step("the phone's line is IT's: the policy's SIP server, domain and STUN server, each locked", async () => {
    // The phone engine shows the account it registers with (phone.credentials), policy applied.
    const line = page.getByRole('definition').filter({ hasText: 'policy.example' });
    await expect(line).toHaveText(['wss://sbc.policy.example:8443/ws', 'voice.policy.example', 'stun:stun.policy.example:3478']);
    for (const term of ['SIP servers (Locked by IT)', 'SIP domain (Locked by IT)', 'STUN/TURN (Locked by IT)']) {
      await expect(page.getByRole('term').filter({ hasText: term })).toHaveCount(1);
    }
  });

  await test.step('Export diagnostics writes the zip and shows where', async () => {
    await page.getByRole('button', { name: 'Export diagnostics' }).click();
    const shown = page.getByRole('status', { name: 'Diagnostics export' });
    await expect(shown).toContainText('Diagnostics for IT saved to');
    const file = (await shown.locator('code').textContent()) ?? '';
    expect(path.dirname(file)).toBe(path.join(dataDir, 'diagnostics'));
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    // The refused policy field was logged by name, and the log is in the profile's rotated file.
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'workstation.log'), 'utf8')).toContain('"setting":"retentionDays"');
  });
});
