import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { silentLogger } from '../../../src/core/log';
import { connectPostgres, type SyncDb } from '../../../src/server/db';
import { migrateServer } from '../../../src/server/migrations';
import { DEMO_AGENT, seedDemo } from '../../../src/server/seed';
import { createDatabase, prepareTestPostgres, type TestPostgres } from '../../setup/postgres';
import type { FaultProxy } from '../../support/fault-proxy';
import { spawnSyncServer } from '../../support/sync-server-process';
import { newDataDir, startBrowserHost, type RunningHost } from '../support/browser-host';
import { homeLineTo } from '../support/demo-sync-server';

/**
 * A real profile (database key in the real keychain) against a real sync server on real
 * PostgreSQL, through a TCP proxy that plays the home broadband line: cut, then back.
 */
let postgres: TestPostgres;
let db: SyncDb;
let server: Awaited<ReturnType<typeof spawnSyncServer>>;
let line: FaultProxy;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  postgres = await prepareTestPostgres();
  const url = await createDatabase(postgres, 'offline');
  db = connectPostgres(url, silentLogger, 2);
  await migrateServer(db);
  await seedDemo(db, path.resolve(__dirname, '../../../resources/demo'));
  server = await spawnSyncServer(url);
  line = homeLineTo(server.url);
});

test.afterAll(async () => {
  await host?.stop();
  await line?.close();
  await server?.stop();
  await db?.close();
  await postgres?.teardown();
});

test('after a refused sign-in, a contact edited offline syncs once when the line is back, even when the first answer is lost', async ({ page }) => {
  const lineUrl = await line.listen();
  host = await startBrowserHost(newDataDir(), {
    AGENT_PROFILE: `e2e-offline-${randomBytes(4).toString('hex')}`,
    AGENT_SYNC_URL: lineUrl,
  });
  await page.goto(host.url);

  const signIn = page.getByRole('form', { name: 'Sign in to the sync server' });
  const syncStatus = page.getByRole('status', { name: 'Sync status' });
  await test.step('a wrong password is refused, the right one signs in and syncs', async () => {
    await signIn.getByRole('textbox', { name: 'Username' }).fill(DEMO_AGENT.username);
    await signIn.getByLabel('Password').fill('not-the-password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(signIn.getByRole('alert')).toContainText(/password/i);
    await signIn.getByLabel('Password').fill(DEMO_AGENT.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Signed-in agent')).toHaveText(DEMO_AGENT.displayName);
    await expect(syncStatus).toContainText('Online · 0 pending', { timeout: 20_000 });
  });
  const card = page.getByRole('article', { name: 'Contact Sarah Mitchell' });
  await test.step('the agent opens a contact pulled from the server', async () => {
    // The seeded contacts arrive by pull; the agent finds one.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('Sarah Mitchell');
    await page.getByRole('button', { name: 'Sarah Mitchell' }).click();
    await expect(card).toContainText('Harbor Realty');
  });
  await test.step('offline, the contact is edited and waits in the outbox', async () => {
    // The line drops; the agent keeps working.
    line.down = true;
    await expect(syncStatus).toContainText('Offline', { timeout: 15_000 });
    await card.getByRole('button', { name: 'Edit contact' }).click();
    await card.getByRole('textbox', { name: 'Company' }).fill('Harbor Realty Group');
    await card.getByRole('button', { name: 'Save contact' }).click();
    await expect(card).toContainText('Harbor Realty Group');
    await expect(syncStatus).toContainText('1 pending');
  });
  await test.step('the line is back but the first push answer is lost: the retry is recognised', async () => {
    // The line is back, but the answer to the first push is lost after the server committed it:
    // the client retries, and the server must recognise the retry.
    line.loseNextPushAnswer();
    line.down = false;
    await expect(async () => {
      await page.getByRole('button', { name: 'Sync now' }).click();
      await expect(syncStatus).toContainText('Online · 0 pending', { timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    expect(line.stats.pushResetAfterCommit).toBe(1);
  });
  await test.step('the server applied the edit exactly once', async () => {
    const { rows: contact } = await db.query<{ company: string }>(`SELECT company FROM contacts WHERE first_name = 'Sarah' AND last_name = 'Mitchell'`);
    expect(contact).toEqual([{ company: 'Harbor Realty Group' }]);
    const { rows: applied } = await db.query<{ total: string }>(
      `SELECT count(*)::text AS total FROM processed_mutations WHERE kind = 'contact.update'`,
    );
    expect(applied).toEqual([{ total: '1' }]);
    // Applied twice, the second edit would have conflicted with the first and left history.
    const { rows: history } = await db.query<{ total: string }>('SELECT count(*)::text AS total FROM contact_history');
    expect(history).toEqual([{ total: '0' }]);
    await expect(page.getByRole('status', { name: 'Sync problem' })).toHaveCount(0);
  });
});
