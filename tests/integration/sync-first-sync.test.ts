/**
 * A new workstation's first sync, through the core's pull worker (a worker_thread with its own
 * connection to the encrypted store) against the real server on PostgreSQL: every contact
 * arrives, searchable; the status shows contacts so far out of the server's total while it
 * runs; screen-pop lookups and note saves on the main connection keep working meanwhile.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncProgress, SyncStatus } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { WORKER_CHECKPOINT_INTERVAL_MS } from '../../src/core/store/wal-checkpoints';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { seedSyntheticContacts } from '../../src/server/seed';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

const CONTACTS = 3000;
let db: SyncDb;
let server: SyncServer;
const clients: SyncClient[] = [];

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('first-sync'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'nadia', displayName: 'Nadia', password: 'pw' });
  await seedSyntheticContacts(db, CONTACTS, 'first-sync');
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
  await db?.close();
});

describe('first sync in the pull worker', () => {
  it('brings every contact, indexed, with progress, while lookups and note saves keep working', async () => {
    const c = await startSyncClient(server.url, { poke: false }, { pullWorker: { pageSize: 500 } });
    clients.push(c);
    const progress: SyncProgress[] = [];
    const during: Array<{ found: number; saved: string }> = [];
    c.bus.subscribe((name, payload) => {
      const p = (payload as SyncStatus).progress;
      if (name === 'sync.status' && p) progress.push(p);
    });
    // On the main connection, after each page the worker applied: a screen-pop lookup of a
    // contact already there, and a note saved about it.
    c.events.on('applied', (summary: { contacts: string[] }) => {
      const id = summary.contacts.at(-1);
      const contact = id ? c.contacts.get(id) : null;
      if (!contact) return;
      const number = contact.phones[0]?.number ?? '';
      const found = c.contacts.lookupByE164(number).length;
      const saved = c.notes.finalize({ contactId: contact.id }, `asked about the bill (${progress.length})`).id;
      during.push({ found, saved });
    });
    await c.engine.signIn('nadia', 'pw');
    await c.engine.whenSynced();

    const count = (sql: string) => (c.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM contacts')).toBe(CONTACTS);
    expect(count('SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(CONTACTS);
    expect(c.contacts.search('First1234', 5).map((x) => x.firstName)).toContain('First1234');
    // Progress: the server's total from the first page, contacts rising to it, then cleared.
    expect(progress.length).toBeGreaterThanOrEqual(CONTACTS / 500 - 1);
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([CONTACTS]));
    expect(progress.map((p) => p.contacts)).toEqual([...progress.map((p) => p.contacts)].sort((a, b) => a - b));
    expect(progress.at(-1)?.contacts).toBe(CONTACTS);
    expect(c.status.get().progress).toBeUndefined();
    // Work on the main connection went on during the pull, and its notes are searchable.
    expect(during.length).toBeGreaterThanOrEqual(CONTACTS / 500 - 1);
    expect(during.every((d) => d.found === 1)).toBe(true);
    expect(c.contacts.search('bill', 50).length).toBe(during.length);
    // Pulled in the worker's pages of 500 (the notes saved meanwhile make a second round).
    expect(c.engine.stats.pullRequests).toBeGreaterThanOrEqual(CONTACTS / 500 + 1);
  });

  it("copies the pull into the database file after reporting it done, without waiting for the agent's next save", async () => {
    const c = await startSyncClient(server.url, { poke: false }, { pullWorker: { pageSize: 500 } });
    clients.push(c);
    const sizeBefore = fs.statSync(c.file).size;
    await c.engine.signIn('nadia', 'pw');
    await c.engine.whenSynced();
    expect(c.contacts.search('First2999', 5).map((x) => x.firstName)).toContain('First2999');
    // The worker's last checkpoint (pull-loop.ts lastCheckpoint) runs after "done" reached the
    // core, so it has no event here to await. Nothing else checkpoints meanwhile: the core's
    // connection leaves it to the worker, whose timer is WORKER_CHECKPOINT_INTERVAL_MS away, and
    // no other pull or save commits.
    await vi.waitFor(() => expect(fs.statSync(c.file).size).toBeGreaterThan(sizeBefore), { timeout: WORKER_CHECKPOINT_INTERVAL_MS / 3 });
  });
});
