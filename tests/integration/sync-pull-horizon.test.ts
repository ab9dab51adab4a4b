/**
 * Issue 12: a pull served short of the horizon is pulled again. pg_snapshot_xmin is
 * cluster-wide, so a writing transaction held open in another database of the same PostgreSQL
 * cluster holds every pull back; past SYNC_PULL_HORIZON_WAIT_MS the server serves the page
 * without the newer rows and says so (`behindHorizon`), and the workstation pulls again by
 * itself once the transaction ends: no poke, push or "Sync now" is needed for the rows it missed.
 * Real server process, real PostgreSQL, real encrypted store.
 */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { PullResponse } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import type { ApplySummary } from '../../src/core/sync/pull-apply';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { pullPage } from '../../src/server/pull';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { spawnSyncServer } from '../support/sync-server-process';
import { createTestDatabase } from '../support/sync-postgres';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
});

async function connectedClient(url: string, username: string): Promise<SyncClient> {
  const c = await startSyncClient(url, { poke: true });
  stops.push(() => c.close());
  const greeted = new Promise<void>((resolve) => c.events.once('poke', () => resolve()));
  await c.engine.signIn(username, 'pw');
  await c.engine.whenSynced();
  await greeted;
  return c;
}

function applied(c: SyncClient, contactId: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (s: ApplySummary) => {
      if (!s.contacts.includes(contactId)) return;
      c.events.off('applied', listener);
      resolve();
    };
    c.events.on('applied', listener);
  });
}

it('a change held back by a transaction in another database reaches the workstation once it ends, without a poke', async () => {
  const url = await createTestDatabase('horizon');
  const otherUrl = await createTestDatabase('horizon-other');
  const db: SyncDb = connectPostgres(url, silentLogger);
  stops.push(() => db.close());
  await migrateServer(db);
  const rabia = await createAgent(db, { username: 'rabia', displayName: 'Rabia', password: 'pw' });
  await createAgent(db, { username: 'saad', displayName: 'Saad', password: 'pw' });
  const server = await spawnSyncServer(url, { SYNC_PULL_HORIZON_WAIT_MS: '200' });
  stops.push(() => server.stop());
  const reader = await connectedClient(server.url, 'rabia');
  const writer = await connectedClient(server.url, 'saad');

  // Another application's write, left open in another database of the same cluster.
  const other = new pg.Client({ connectionString: otherUrl });
  other.on('error', () => undefined);
  await other.connect();
  stops.push(() => other.end().catch(() => undefined));
  await other.query('BEGIN');
  await other.query('CREATE TABLE IF NOT EXISTS ledger (n int)');
  await other.query('INSERT INTO ledger VALUES (1)');

  const contact = writer.contacts.create({ firstName: 'Held', lastName: 'Back', company: '', email: '', phones: [], timezone: '', doNotCall: false });
  // Pushed (its own pull is held back too, so "synced" waits: one attempt is what is awaited here).
  expect((await writer.engine.syncNow()).pending).toBe(0);

  // The server's own answer: the page is served without the change, and says so.
  const { cursor } = PullResponse.parse(JSON.parse(await pullPage(db, rabia.id, { cursor: '0', limit: 1000 }, 0)));
  const page = PullResponse.parse(JSON.parse(await pullPage(db, rabia.id, { cursor: String(cursor), limit: 1000 }, 50)));
  expect(page.behindHorizon).toBe(true);
  expect(page.changes).toEqual([]);

  // The workstation has pulled since the push (its poke, then this attempt), and still lacks the contact.
  await reader.engine.syncNow();
  expect(reader.contacts.get(contact.id)).toBeNull();
  const pokes = reader.engine.stats.pokes;
  const arrived = applied(reader, contact.id);

  await other.query('COMMIT');
  await arrived;
  expect(reader.contacts.get(contact.id)?.lastName).toBe('Back');
  expect(reader.engine.stats.pokes).toBe(pokes);
  const complete = PullResponse.parse(JSON.parse(await pullPage(db, rabia.id, { cursor: String(cursor), limit: 1000 }, 50)));
  expect(complete.behindHorizon).toBeUndefined();
  expect(complete.changes.map((c) => (c.entity === 'contact' ? c.contact.id : c.entity))).toContain(contact.id);
});
