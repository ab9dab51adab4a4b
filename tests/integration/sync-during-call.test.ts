/**
 * Issue 14 item 5's last clause: while the agent is on a call the sync's bulk transfers wait
 * (transfer-budget.ts), against the real sync server on PostgreSQL through the core's pull
 * worker. During the call a first sync waits whole, a small note still reaches the server, a
 * big note and a long run of edits wait past one small request, and a backlog of pulled changes
 * arrives one small page at a time; when the call ends everything goes at once, each change once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { DURING_CALL } from '../../src/core/sync/transfer-budget';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { seedSyntheticContacts } from '../../src/server/seed';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: SyncServer;
let client: SyncClient | null = null;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('during-call'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'nadia', displayName: 'Nadia', password: 'pw' });
  await seedSyntheticContacts(db, 300, 'before-call');
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await db?.close();
});

const fields = (firstName: string, lastName: string) => ({ firstName, lastName, company: '', email: '', phones: [], timezone: 'Asia/Karachi', doNotCall: false });
const serverCount = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

describe('sync while a call is live', () => {
  it('holds back the first sync, big pushes and pull backlogs until the call ends, and lets small pushes go', async () => {
    let live = true;
    const c = await startSyncClient(server.url, { poke: false, callLive: () => live }, { pullWorker: { pageSize: 500 } });
    client = c;
    const local = (sql: string) => (c.db.prepare(sql).get() as { n: number }).n;

    await c.engine.signIn('nadia', 'pw');
    await c.engine.syncNow();
    expect(c.status.get().online).toBe(true);
    expect(local('SELECT count(*) AS n FROM contacts')).toBe(0); // the first sync waits for the call's end

    const mine = c.contacts.create(fields('Caller', 'OnTheLine'));
    c.notes.finalize({ contactId: mine.id }, 'asked about the bill');
    await c.engine.syncNow();
    expect(await serverCount('SELECT count(*) AS n FROM notes WHERE contact_id = $1', [mine.id])).toBe(1);
    expect(local('SELECT count(*) AS n FROM outbox')).toBe(0);

    c.notes.finalize({ contactId: mine.id }, 'a long account of the complaint. '.repeat(550)); // ~18 KB
    for (let i = 0; i < 80; i++) c.contacts.create(fields(`Edit${i}`, 'DuringCall'));
    await c.engine.syncNow();
    expect(await serverCount('SELECT count(*) AS n FROM notes WHERE contact_id = $1', [mine.id])).toBe(1); // the big note waits, and what follows it
    expect(local('SELECT count(*) AS n FROM outbox')).toBe(81);

    live = false;
    c.engine.callEnded();
    await c.engine.whenSynced();
    expect(local('SELECT count(*) AS n FROM outbox')).toBe(0);
    expect(await serverCount('SELECT count(*) AS n FROM notes WHERE contact_id = $1', [mine.id])).toBe(2);
    expect(await serverCount(`SELECT count(*) AS n FROM contacts WHERE last_name = 'DuringCall'`)).toBe(80);
    expect(local('SELECT count(*) AS n FROM contacts')).toBe(300 + 1 + 80);

    // The next call: a backlog of 200 changes on the server comes one small page per attempt.
    live = true;
    await seedSyntheticContacts(db, 200, 'during-call');
    await c.engine.syncNow();
    expect(local('SELECT count(*) AS n FROM contacts')).toBe(381 + DURING_CALL.pullPageSize);
    live = false;
    c.engine.callEnded();
    await c.engine.whenSynced();
    expect(local('SELECT count(*) AS n FROM contacts')).toBe(581);
    expect(await serverCount(`SELECT count(*) AS n FROM contacts`)).toBe(581);
  });
});
