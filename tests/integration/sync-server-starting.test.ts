/**
 * The demo's embedded sync server starts after the desk (issue 16 A9, CoreOptions.sync.ready):
 * until it answers, the core's sync status says it is starting (the status bar's "Starting the
 * demo sync server…"), not "sign in"; once it is ready the core signs in with the demo
 * credentials by itself and the status says so. A real sync server on real PostgreSQL; `ready`
 * is the host's promise, resolved here when the test says the server is up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SyncStatus } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createTestDatabase } from '../support/sync-postgres';
import { demoCoreOptions, tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
const cores: Core[] = [];
const ctx = { transport: 'in-process' } as const;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('serverstarting'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'demo.starting', displayName: 'Demo Agent', password: 'demo-pass' });
});

afterAll(async () => {
  for (const c of cores) c.close();
  await server?.close();
  await db?.close();
});

async function statusOf(core: Core): Promise<SyncStatus> {
  const r = await core.dispatch('sync.status', {}, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return SyncStatus.parse(r.value);
}

function statusWhen(core: Core, predicate: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    const off = core.subscribe((name, payload) => {
      if (name !== 'sync.status') return;
      const s = SyncStatus.parse(payload);
      if (predicate(s)) {
        off();
        resolve(s);
      }
    });
  });
}

it('says the demo server is starting until it is ready, then signs in and syncs', async () => {
  let serverUp!: () => void;
  const ready = new Promise<void>((resolve) => (serverUp = resolve));
  const dataDir = tempDir('agent-server-starting-');
  const core = await createCore(demoCoreOptions(dataDir, { sync: { serverUrl: server.url, credentials: { username: 'demo.starting', password: 'demo-pass' }, ready } }));
  cores.push(core);

  const starting = await statusOf(core);
  expect(starting).toMatchObject({ serverStarting: true, online: false });
  // Nothing signs in before the server can answer.
  expect(await core.dispatch('session.get', {}, ctx)).toMatchObject({ ok: true, value: { agent: null } });

  const online = statusWhen(core, (s) => s.online && s.lastError === null);
  serverUp();
  const after = await online;
  expect(after).not.toHaveProperty('serverStarting');
  expect(await core.dispatch('session.get', {}, ctx)).toMatchObject({ ok: true, value: { agent: { displayName: 'Demo Agent' } } });
});

it('says nothing of a starting server when there is no embedded one (a real, remote server)', async () => {
  const dataDir = tempDir('agent-server-remote-');
  const core = await createCore(demoCoreOptions(dataDir, { sync: { serverUrl: server.url } }));
  cores.push(core);
  const status = await statusOf(core);
  expect(status).not.toHaveProperty('serverStarting');
  expect(status.lastError?.code).toBe('NOT_SIGNED_IN');
});
