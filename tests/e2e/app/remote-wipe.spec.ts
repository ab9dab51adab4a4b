import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { revokeDevice } from '../../../src/server/devices';
import { DEMO_AGENT } from '../../../src/server/seed';
import { openAgentSocket, redeemHostUrl, requestOver } from '../../support/host-process';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';
import { signInDemoAgent, startDemoSyncServer, type DemoSyncServer } from '../support/demo-sync-server';

/**
 * IT revokes an agent's workstation while a customer call is live (issue 15 B2 and the call-safe
 * session end), in a real browser on the browser host, against a real sync server process on
 * real PostgreSQL: the page keeps the call and says why and what it waits for; once the agent
 * submits the wrap-up, the desk signs out, says the local data was deleted, and the agent's
 * store folder is gone.
 */
let server: DemoSyncServer;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  server = await startDemoSyncServer('remote_wipe');
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

test('a workstation IT revokes mid-call keeps the call and its wrap-up, then signs out and deletes the agent’s data', async ({ page }) => {
  const dataDir = newDataDir();
  host = await startBrowserHost(dataDir, { AGENT_PROFILE: `e2e-wipe-${randomBytes(4).toString('hex')}`, AGENT_SYNC_URL: server.url });
  const session = await redeemHostUrl(host.url);
  const [name, value] = session.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: session.origin }]);
  await page.goto(session.origin);
  const phone = await openAgentSocket(session);
  let id = 0;
  const call = { callId: randomUUID(), direction: 'inbound', localNumber: '7001', remoteNumber: '+13125554567' };
  const step = (event: string) => requestOver(phone, ++id, 'calls.logEvent', { ...call, event, at: new Date().toISOString() });

  await test.step('the agent signs in and takes a call', async () => {
    await signInDemoAgent(page);
    await step('ringing');
    await step('answered');
  });

  const { deviceId, agentId } = JSON.parse(fs.readFileSync(path.join(dataDir, 'signed-in.json'), 'utf8')) as { deviceId: string; agentId: string };
  const store = path.join(dataDir, 'agents', agentId);

  await test.step('IT revokes the workstation: the call stays, and the page says why and what it waits for', async () => {
    expect(await revokeDevice(server.db, deviceId)).toBe(1);
    await requestOver(phone, ++id, 'sync.now', {});
    const ending = page.getByRole('alert', { name: 'Session ending' });
    await expect(ending).toContainText('revoked');
    await expect(ending).toContainText('Finish this call and its wrap-up');
    await expect(page.getByLabel('Signed-in agent')).toHaveText(DEMO_AGENT.displayName);
    const open = (await requestOver(phone, ++id, 'wrapup.current', {})) as { ok: true; value: { call: { id: string; endedAt: string | null } } };
    expect(open.value.call).toMatchObject({ id: call.callId, endedAt: null });
    expect(fs.existsSync(path.join(store, 'workstation.db'))).toBe(true);
  });

  await test.step('the call ends; the agent submits the wrap-up; the desk signs out and says the data was deleted', async () => {
    await step('ended');
    await expect(page.getByRole('alert', { name: 'Session ending' })).toContainText('Submit this wrap-up');
    const form = page.getByRole('form', { name: 'Wrap-up' });
    await expect(form.getByLabel('Disposition').locator('option')).not.toHaveCount(1);
    await form.getByLabel('Disposition').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(page.getByLabel('Signed-in agent')).toHaveText('Not signed in');
    await expect(page.getByRole('status', { name: 'Signed out by the server' })).toContainText("this workstation's copy of your data was deleted");
    expect(fs.existsSync(store)).toBe(false);
    // The wrap-up reached the server in the final push before the wipe.
    expect((await server.db.query('SELECT 1 FROM dispositions WHERE call_id = $1', [call.callId])).rows).toHaveLength(1);
    phone.close();
  });
});
