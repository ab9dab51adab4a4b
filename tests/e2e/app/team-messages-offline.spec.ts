import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { DEMO_AGENT } from '../../../src/server/seed';
import type { FaultProxy } from '../../support/fault-proxy';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';
import { type DemoSyncServer, homeLineTo, signInDemoAgent, signInDemoLead, startDemoSyncServer } from '../support/demo-sync-server';

/**
 * Messages to agents across a dead line (issue 13, items 4 and 5): a real agent workstation
 * (browser host, real keychain profile) reaches a real sync server process on real PostgreSQL
 * through a TCP proxy that plays the agent's home broadband; the line is cut, the lead sends one
 * message to the agent and one to the team from the console, and the workstation — still
 * running, only offline — shows them once the line is back, without the agent doing anything;
 * the agent acknowledges both (one with a reply) and the lead's console shows who acknowledged.
 */
let server: DemoSyncServer;
let line: FaultProxy;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  server = await startDemoSyncServer('team_messages_offline');
  line = homeLineTo(server.url);
});

test.afterAll(async () => {
  await host?.stop();
  await line?.close();
  await server?.stop();
});

test('messages sent from the console while the workstation is offline are shown and acknowledged once its line is back', async ({ page, browser }) => {
  const lineUrl = await line.listen();
  const workstation = await startBrowserHost(newDataDir(), {
    AGENT_PROFILE: `e2e-messages-${randomBytes(4).toString('hex')}`,
    AGENT_SYNC_URL: lineUrl,
  });
  host = workstation;
  const syncStatus = page.getByRole('status', { name: 'Sync status' });
  const banner = page.getByRole('alert', { name: 'Message from your supervisor' });
  const lead = await (await browser.newContext()).newPage();
  const send = lead.getByRole('form', { name: 'Send a message' });
  const sent = lead.getByTestId('sent-message');
  const toAgent = sent.filter({ hasText: 'Please call Mr Khan back before 15:00.' });
  const toTeam = sent.filter({ hasText: 'Huddle at 14:00: new retention offer.' });

  await test.step('the agent signs in through the line and is online', async () => {
    await page.goto(workstation.url);
    await signInDemoAgent(page);
    await expect(syncStatus).toContainText('Online · 0 pending', { timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Messages, 0 unread' })).toBeVisible();
  });

  await test.step('the lead signs in to the console', async () => {
    await signInDemoLead(lead, server);
    await expect(lead.getByTestId(`agent-${DEMO_AGENT.username}`)).toBeVisible();
  });

  await test.step('the line is cut: the status bar shows Offline', async () => {
    line.down = true;
    await expect(syncStatus).toContainText('Offline', { timeout: 15_000 });
  });

  await test.step('the lead sends a message to the agent, then one to the team', async () => {
    await send.getByLabel('To').selectOption({ label: DEMO_AGENT.displayName });
    await send.getByLabel('Message').fill('Please call Mr Khan back before 15:00.');
    await send.getByRole('button', { name: 'Send' }).click();
    await expect(toAgent.getByTestId('acks')).toHaveText('0/1 acknowledged');
    await send.getByLabel('To').selectOption({ index: 0 });
    await send.getByLabel('Message').fill('Huddle at 14:00: new retention offer.');
    await send.getByRole('button', { name: 'Send' }).click();
    await expect(toTeam.getByTestId('acks')).toHaveText('0/1 acknowledged');
  });

  await test.step('offline, the workstation shows nothing new', async () => {
    // Both messages are on the server (the console lists them); the dead line has kept them from
    // the workstation, which still says Offline and has nothing unread.
    await expect(syncStatus).toContainText('Offline');
    await expect(page.getByRole('button', { name: 'Messages, 0 unread' })).toBeVisible();
    await expect(banner).toHaveCount(0);
  });

  await test.step('the line comes back: the workstation shows both messages, oldest first, on its own', async () => {
    line.down = false;
    // No "Sync now": the workstation's own retry (at most DEFAULT_BACKOFF.maxMs apart) must find the line.
    await expect(syncStatus).toContainText('Online', { timeout: 75_000 });
    await expect(page.getByRole('button', { name: 'Messages, 2 unread' })).toBeVisible({ timeout: 15_000 });
    await expect(banner).toContainText('Please call Mr Khan back before 15:00.');
  });

  await test.step('the agent acknowledges the first with a short reply, and the team message as is', async () => {
    await banner.getByLabel('Reply').fill('On it');
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('button', { name: 'Messages, 1 unread' })).toBeVisible();
    await expect(banner).toContainText('Huddle at 14:00: new retention offer.');
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('button', { name: 'Messages, 0 unread' })).toBeVisible();
    await expect(banner).toHaveCount(0);
  });

  await test.step('the console shows who acknowledged, with the reply', async () => {
    await expect(toAgent.getByTestId('acks')).toHaveText(`1/1 acknowledged: ${DEMO_AGENT.displayName} (“On it”)`);
    await expect(toTeam.getByTestId('acks')).toHaveText(`1/1 acknowledged: ${DEMO_AGENT.displayName}`);
  });
});
