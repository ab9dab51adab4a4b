import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { DEMO_AGENT } from '../../../src/server/seed';
import { openAgentSocket, redeemHostUrl, requestOver } from '../../support/host-process';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';
import { type DemoSyncServer, signInDemoAgent, signInDemoLead, startDemoSyncServer } from '../support/demo-sync-server';

/**
 * The supervisor console against a real sync server process on real PostgreSQL, and a real agent
 * workstation (browser host, real keychain profile) signed in to it (issue 13): the agent's
 * presence change shows on the lead's board; the agent's host is SIGKILLed — a power cut — and
 * the board shows the agent as Lagged once the (short, for the test) lag time has passed.
 */
const LAG_AFTER_MS = 3000;
let server: DemoSyncServer;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  server = await startDemoSyncServer('team_board', { CONSOLE_LAG_AFTER_MS: String(LAG_AFTER_MS) });
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

test('the lead’s board follows the agent’s presence, and shows the agent Lagged after a power cut', async ({ page, browser }) => {
  const dataDir = newDataDir();
  const agentEnv = { AGENT_PROFILE: `e2e-board-${randomBytes(4).toString('hex')}`, AGENT_SYNC_URL: server.url };
  host = await startBrowserHost(dataDir, agentEnv);
  // The test redeems the host's one-time code itself: the page gets the session cookie, and the
  // test a socket to log a call's steps as the phone engine does (no SIP server in this project).
  const session = await redeemHostUrl(host.url);
  const [name, value] = session.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: session.origin }]);
  await page.goto(session.origin);
  const phone = await openAgentSocket(session);
  const lead = await (await browser.newContext()).newPage();
  const row = lead.getByTestId(`agent-${DEMO_AGENT.username}`);

  await test.step('the lead signs in to the console and sees the demo agent', async () => {
    await signInDemoLead(lead, server);
    await expect(row).toHaveAttribute('data-state', 'Offline');
    await expect(lead.getByTestId('clocks')).toContainText('Asia/Karachi');
  });

  await test.step('the agent signs in and goes Available: the board shows it', async () => {
    await signInDemoAgent(page);
    // The first sync brings the agent's campaign, whose codes the wrap-up below offers; a call
    // taken while it is still pulling is covered by tests/unit/wrapup-codes-refresh.test.ts.
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/last sync (?!never)/);
    await page.getByRole('combobox', { name: 'Presence' }).selectOption('Available');
    await expect(row).toHaveAttribute('data-state', 'Available');
  });

  await test.step('a call: On call with the number masked, then Wrap-up', async () => {
    const call = { callId: '5b0c3f0e-8d2a-4c1b-9e7f-2a1d4c6b8e90', direction: 'inbound', localNumber: '7001', remoteNumber: '+13125554567' };
    let id = 0;
    const step = (event: string) => requestOver(phone, ++id, 'calls.logEvent', { ...call, event, at: new Date().toISOString() });
    await step('ringing');
    await step('answered');
    await expect(row).toHaveAttribute('data-state', 'On call');
    await expect(row).toContainText('In •••• 4567');
    await expect(row).not.toContainText('312555');
    await step('ended');
    await expect(row).toHaveAttribute('data-state', 'Wrap-up');
    phone.close();
  });

  await test.step('the agent submits the wrap-up, then goes on Break: the board follows', async () => {
    const form = page.getByRole('form', { name: 'Wrap-up' });
    const presence = page.getByRole('combobox', { name: 'Presence' });
    await expect(form.getByLabel('Disposition').locator('option')).not.toHaveCount(1);
    await form.getByLabel('Disposition').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(presence).toHaveValue('Available');
    await expect(row).toHaveAttribute('data-state', 'Available');
    await presence.selectOption('Break');
    await expect(row).toHaveAttribute('data-state', 'Break');
    await expect(lead.getByTestId('count-Break')).toHaveText('Break 1');
  });

  await test.step('the agent raises a hand: the board shows it', async () => {
    await page.getByRole('button', { name: 'Raise hand' }).click();
    await expect(row.getByTitle('Asked for help')).toBeVisible();
  });

  await test.step('the agent’s host is SIGKILLed: the board shows the agent Lagged', async () => {
    await host?.kill();
    await expect(row).toHaveAttribute('data-state', 'Lagged', { timeout: LAG_AFTER_MS + 10_000 });
    await expect(lead.getByTestId('count-Lagged')).toHaveText('Lagged 1');
  });

  await test.step('a message sent while the workstation is down is shown when it is back, and acknowledged', async () => {
    const send = lead.getByRole('form', { name: 'Send a message' });
    await send.getByLabel('Message').fill('Huddle at 14:00: new retention offer.');
    await send.getByRole('button', { name: 'Send' }).click();
    const sent = lead.getByTestId('sent-message').first();
    await expect(sent.getByTestId('acks')).toHaveText('0/1 acknowledged');

    host = await startBrowserHost(dataDir, agentEnv);
    await page.goto(host.url);
    const banner = page.getByRole('alert', { name: 'Message from your supervisor' });
    await expect(banner).toContainText('Huddle at 14:00: new retention offer.');
    await expect(page.getByRole('button', { name: 'Messages, 1 unread' })).toBeVisible();
    await banner.getByLabel('Reply').fill('On it');
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('button', { name: 'Messages, 0 unread' })).toBeVisible();
    await expect(sent.getByTestId('acks')).toHaveText(`1/1 acknowledged: ${DEMO_AGENT.displayName} (“On it”)`);
    // Back online, the board has the agent again.
    await expect(row).not.toHaveAttribute('data-state', 'Lagged');
  });
});
