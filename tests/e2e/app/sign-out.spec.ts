import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createAgent } from '../../../src/server/auth';
import { DEMO_AGENT } from '../../../src/server/seed';
import type { FaultProxy } from '../../support/fault-proxy';
import { openAgentSocket, redeemHostUrl, requestOver } from '../../support/host-process';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';
import { type DemoSyncServer, homeLineTo, signInDemoAgent, startDemoSyncServer } from '../support/demo-sync-server';

/**
 * Sign out (issue 16 A8), in a real browser on the browser host against a real sync server
 * process on real PostgreSQL: the button's promise is "sends your saved work first". The first
 * agent's note waits in the outbox (the line is down) when they press it; after it, the note is
 * on the server, the desk is back on the sign-in form, and the next agent to sign in on this
 * workstation sees none of the first one's calls or notes.
 */
let server: DemoSyncServer;
let line: FaultProxy;
let host: RunningHost | null = null;
const SECOND = { username: 'agent.two', displayName: 'Second Agent', password: 'second-agent-password-1' };

test.beforeAll(async () => {
  server = await startDemoSyncServer('sign_out');
  await createAgent(server.db, SECOND);
  line = homeLineTo(server.url, 16);
});

test.afterAll(async () => {
  await host?.stop();
  await line?.close();
  await server?.stop();
});

test('sign out sends the saved work first, returns to the sign-in form, and the next agent sees none of it', async ({ page }) => {
  host = await startBrowserHost(newDataDir(), { AGENT_PROFILE: `e2e-signout-${randomBytes(4).toString('hex')}`, AGENT_SYNC_URL: await line.listen() });
  const session = await redeemHostUrl(host.url);
  const [name, value] = session.cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: session.origin }]);
  await page.goto(session.origin);
  const syncStatus = page.getByRole('status', { name: 'Sync status' });
  const history = page.getByRole('region', { name: 'Call history' });
  const note = `Customer asked to be called after Eid (${randomBytes(3).toString('hex')})`;
  const call = { callId: randomUUID(), direction: 'inbound', localNumber: '7001', remoteNumber: '+13125554567' };

  await test.step('the first agent signs in, takes a call and saves a note while the line is down', async () => {
    await signInDemoAgent(page);
    await expect(syncStatus).toContainText('Online · 0 pending', { timeout: 20_000 });
    line.down = true;
    const phone = await openAgentSocket(session);
    let id = 0;
    const step = (event: string) => requestOver(phone, ++id, 'calls.logEvent', { ...call, event, at: new Date().toISOString() });
    await step('ringing');
    await step('answered');
    const notes = page.getByRole('textbox', { name: 'Call notes' });
    await expect(notes).toBeEnabled();
    await notes.fill(note);
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(page.getByRole('status', { name: 'Notes save status' })).toContainText('Note saved');
    await step('ended');
    phone.close();
    const form = page.getByRole('form', { name: 'Wrap-up' });
    await expect(form.getByLabel('Disposition').locator('option')).not.toHaveCount(1);
    await form.getByLabel('Disposition').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(form).toHaveCount(0);
    // The history loads when the desk opens (calls logged through the phone's socket don't refresh it).
    await page.reload();
    await expect(history.getByRole('listitem', { name: `Inbound call ${call.remoteNumber}` })).toBeVisible();
    // The note, the call and its disposition wait in the outbox: nothing reached the server.
    await expect(syncStatus).not.toContainText(' 0 pending');
    expect((await server.db.query('SELECT 1 FROM notes WHERE body = $1', [note])).rows).toHaveLength(0);
  });

  await test.step('the line is back; Sign out sends the saved work, then shows the sign-in form', async () => {
    line.down = false;
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await expect(signOut).toHaveAttribute('title', /saved work/);
    await signOut.click();
    await expect(page.getByRole('form', { name: 'Sign in to the sync server' })).toBeVisible();
    await expect(page.getByLabel('Signed-in agent')).toHaveText('Not signed in');
    const { rows } = await server.db.query<{ call_id: string }>('SELECT call_id::text FROM notes WHERE body = $1', [note]);
    expect(rows).toEqual([{ call_id: call.callId }]);
    expect((await server.db.query('SELECT 1 FROM dispositions WHERE call_id = $1', [call.callId])).rows).toHaveLength(1);
  });

  await test.step('the next agent signs in on this workstation and sees none of the first one’s work', async () => {
    const signIn = page.getByRole('form', { name: 'Sign in to the sync server' });
    await signIn.getByRole('textbox', { name: 'Username' }).fill(SECOND.username);
    await signIn.getByLabel('Password').fill(SECOND.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Signed-in agent')).toHaveText(SECOND.displayName);
    await page.reload();
    await expect(page.getByLabel('Signed-in agent')).toHaveText(SECOND.displayName);
    await expect(syncStatus).toContainText('Online · 0 pending', { timeout: 20_000 });
    await expect(history).toContainText('No calls yet.');
    await expect(history.getByRole('listitem')).toHaveCount(0);
    await expect(page.getByText(note)).toHaveCount(0);
    await expect(page.getByText(DEMO_AGENT.displayName)).toHaveCount(0);
  });
});
