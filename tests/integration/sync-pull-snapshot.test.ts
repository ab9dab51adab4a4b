/**
 * Issue 12: an online agent's pull never waits for other transactions (the snapshot cursor,
 * src/server/pull.ts). A pull during an open push returns what is committed, and the push's
 * changes come in the next round, once, however long it stayed open; a transaction held open in
 * another database of the same PostgreSQL cluster changes nothing; a round served in pages stays
 * exact while commits land between its pages; the cursors older servers handed out continue
 * without skipping anything. Real PostgreSQL; the workstation case with a real server process
 * and real encrypted stores.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, type Change, type PullCursor } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { logForEveryone } from '../../src/server/change-log';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { pullPage } from '../../src/server/pull';
import { contactApplied, pokedClient, type SyncClient } from '../support/sync-client';
import { spawnSyncServer } from '../support/sync-server-process';
import { createTestDatabase } from '../support/sync-postgres';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
});

/** A write transaction left open in another database of the same cluster (another application's). */
async function openWriteElsewhere(): Promise<pg.Client> {
  const other = new pg.Client({ connectionString: await createTestDatabase('snapshot-other') });
  other.on('error', () => undefined);
  await other.connect();
  stops.push(() => other.end().catch(() => undefined));
  await other.query('BEGIN');
  await other.query('CREATE TABLE IF NOT EXISTS ledger (n int)');
  await other.query('INSERT INTO ledger VALUES (1)');
  return other;
}

const dnc = (number: string, reason: string) => ({ entity: 'dnc', dnc: { number, listed: true, reason, updatedAt: '2026-12-01T00:00:00.000Z' } });

/** "number@reason" of each do-not-call change: which entity, and which of its writes. */
const served = (changes: readonly Change[]) => changes.map((c) => (c.entity === 'dnc' ? `${c.dnc.number}@${c.dnc.reason}` : c.entity));

describe('pull rounds on PostgreSQL', () => {
  let db: SyncDb;
  let agentId: string;

  beforeAll(async () => {
    db = connectPostgres(await createTestDatabase('snapshot'), silentLogger, 8);
    stops.push(() => db.close());
    await migrateServer(db);
    agentId = (await createAgent(db, { username: 'rabia', displayName: 'Rabia', password: 'pw' })).id;
  });

  const log = (number: string, reason: string) => db.transaction((tx) => logForEveryone(tx, 'dnc', number, dnc(number, reason)));
  const pull = async (cursor: PullCursor, limit = 100) => PullResponse.parse(JSON.parse(await pullPage(db, agentId, { cursor: String(cursor), limit })));
  /** Pulls to the end of the round: the changes in order and the cursor after them. */
  const round = async (cursor: PullCursor, limit = 100) => {
    const changes: Change[] = [];
    for (let at = cursor; ; ) {
      const page = await pull(at, limit);
      changes.push(...page.changes);
      at = page.cursor;
      if (!page.hasMore) return { changes, cursor: at };
    }
  };

  it('serves what is committed while a push is still open, and the push once it commits, once', async () => {
    let cursor = (await round(0)).cursor;
    // A push that wrote its row (so its transaction id is older than the next one's) and stays open.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const held = db.transaction(async (tx) => {
      await logForEveryone(tx, 'dnc', '+923001000001', dnc('+923001000001', 'held'));
      wrote();
      await gate;
    });
    await written;
    await log('+923001000002', 'later');

    const during = await round(cursor);
    expect(served(during.changes)).toEqual(['+923001000002@later']);
    cursor = during.cursor;
    // The pull has returned and the push is still open: nothing waited for it.
    release();
    await held;

    const after = await round(cursor);
    expect(served(after.changes)).toEqual(['+923001000001@held']);
    expect((await round(after.cursor)).changes).toEqual([]);
  });

  it('is not held back by a write transaction open in another database of the cluster', async () => {
    const { cursor } = await round(0);
    const other = await openWriteElsewhere();
    await log('+923002000001', 'committed');
    const next = await round(cursor);
    expect(served(next.changes)).toEqual(['+923002000001@committed']);
    expect((await round(next.cursor)).changes).toEqual([]);
    await other.query('COMMIT');
    expect((await round(next.cursor)).changes).toEqual([]);
  });

  it('keeps a round in pages exact while commits land between its pages; they come in the next round', async () => {
    let { cursor } = await round(0);
    for (const n of [1, 2, 3, 4, 5]) await log(`+92300300000${n}`, 'first');
    const first = await pull(cursor, 2);
    expect(served(first.changes)).toEqual(['+923003000001@first', '+923003000002@first']);
    expect(first.hasMore).toBe(true);
    // Between pages: a new entity, a rewrite of one already served, a rewrite of one not served yet.
    await log('+923003000006', 'new');
    await log('+923003000001', 'again');
    await log('+923003000004', 'again');
    const rest = await round(first.cursor, 2);
    // The round ends at the snapshot of its first page: number 4's first write was overwritten
    // before its page, so it leaves this round and comes with its new write in the next.
    expect(served(rest.changes)).toEqual(['+923003000003@first', '+923003000005@first']);
    const next = await round(rest.cursor, 2);
    expect(served(next.changes)).toEqual(['+923003000006@new', '+923003000001@again', '+923003000004@again']);
    cursor = next.cursor;
    expect((await round(cursor)).changes).toEqual([]);
  });

  it('continues a cursor from an older server without skipping: x<xid>.<version> and a number', async () => {
    await round(0);
    for (const n of [1, 2, 3]) await log(`+92300400000${n}`, 'logged');
    const { rows } = await db.query<{ xid: string; version: string }>(
      "SELECT xid::text, version::text FROM change_log WHERE entity_id LIKE '+92300400000%' ORDER BY xid, version",
    );
    const [, second] = rows;
    if (!second) throw new Error('expected three rows');
    // The older server's cursor after serving the second (every transaction below it had ended).
    const fromX = await round(`x${second.xid}.${second.version}`);
    expect(served(fromX.changes)).toEqual(['+923004000003@logged']);
    expect((await round(fromX.cursor)).changes).toEqual([]);
    // A number from before transaction ids were logged: everything since comes (the applier takes a re-sent change as it is).
    const fromNumber = await round(Number(second.version));
    expect(served(fromNumber.changes)).toContain('+923004000003@logged');
    expect((await round(fromNumber.cursor)).changes).toEqual([]);
  });
});

it('a workstation gets a colleague’s change on its poke while another database holds a write open', async () => {
  const url = await createTestDatabase('snapshot-workstations');
  const db: SyncDb = connectPostgres(url, silentLogger);
  stops.push(() => db.close());
  await migrateServer(db);
  await createAgent(db, { username: 'rabia', displayName: 'Rabia', password: 'pw' });
  await createAgent(db, { username: 'saad', displayName: 'Saad', password: 'pw' });
  const server = await spawnSyncServer(url);
  stops.push(() => server.stop());
  const reader = await pokedClientStopped(server.url, 'rabia');
  const writer = await pokedClientStopped(server.url, 'saad');
  const other = await openWriteElsewhere();

  const contact = writer.contacts.create({ firstName: 'Not', lastName: 'Held', company: '', email: '', phones: [], timezone: '', doNotCall: false });
  const reached = contactApplied(reader, contact.id);
  expect((await writer.engine.syncNow()).pending).toBe(0);
  await writer.engine.whenSynced();
  await reached;
  expect(reader.contacts.get(contact.id)?.lastName).toBe('Held');
  await reader.engine.whenSynced();
  // Still open (its transaction id is assigned only while its write is uncommitted): nothing waited for it.
  expect((await other.query<{ open: boolean }>('SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS open')).rows[0]?.open).toBe(true);
  await other.query('ROLLBACK');
});

async function pokedClientStopped(url: string, username: string): Promise<SyncClient> {
  const c = await pokedClient(url, username);
  stops.push(() => c.close());
  return c;
}
