/**
 * Issue 16 A8: the sync server dies (SIGKILL) while the workstation has nothing to push. The
 * status must say Offline promptly, not at the next local change: the dropped poke socket makes
 * the engine check the line at once. Real server process, real PostgreSQL.
 */
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { spawnSyncServer } from '../support/sync-server-process';
import { createTestDatabase } from '../support/sync-postgres';

let client: SyncClient | null = null;
afterAll(async () => {
  await client?.close();
});

it('says Offline within seconds of the server dying with nothing pending', async () => {
  const url = await createTestDatabase('killed-idle');
  const db = connectPostgres(url, silentLogger);
  await migrateServer(db);
  await createAgent(db, { username: 'rabia', displayName: 'Rabia', password: 'pw' });
  await db.close();
  const server = await spawnSyncServer(url);
  client = await startSyncClient(server.url, { poke: true });
  const c = client;
  const greeted = new Promise<void>((resolve) => c.events.once('poke', () => resolve()));
  await c.engine.signIn('rabia', 'pw');
  await c.engine.whenSynced();
  await greeted;
  expect(c.status.get()).toMatchObject({ online: true, pending: 0 });

  const offline = new Promise<number>((resolve) => {
    const started = Date.now();
    const check = () => (c.status.get().online ? setTimeout(check, 20) : resolve(Date.now() - started));
    check();
  });
  server.process.kill('SIGKILL');
  const ms = await offline;
  console.log(`sync status went Offline ${ms} ms after the server was killed (nothing pending)`);
  expect(ms).toBeLessThan(10_000);
});
