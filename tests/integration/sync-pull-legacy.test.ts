/**
 * Issue 12's migration path, the other way round: a workstation released before the snapshot
 * cursor keeps syncing with the new server. It validates every cursor against the older forms
 * (a number, or "x<xid>.<version>") and pulls again after a page marked `behindHorizon`, so a
 * request without `cursors=snapshot` is answered the older servers' way (src/server/pull-legacy.ts).
 * Real server, real PostgreSQL; the older workstation is its requests as it sent them, checked
 * with the rule it shipped with (git 30f9554 src/contract/sync-wire/sync-protocol.ts).
 */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../src/core/log';
import { startSyncServer } from '../../src/server/app';
import { createAgent, signIn } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { startSyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

/** The released workstation's own checks of a pull's answer. */
const OlderPullResponse = z.object({
  changes: z.array(z.object({ entity: z.string(), version: z.number() }).loose()),
  cursor: z.union([z.number().int().nonnegative(), z.string().regex(/^x\d{1,20}\.\d{1,19}$/)]),
  hasMore: z.boolean(),
  behindHorizon: z.boolean().optional(),
});

const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
});

it('an older workstation gets every change once in its own cursor form, held back behind a running transaction until it ends', async () => {
  const url = await createTestDatabase('pull-legacy');
  const db: SyncDb = connectPostgres(url, silentLogger);
  stops.push(() => db.close());
  await migrateServer(db);
  await createAgent(db, { username: 'older', displayName: 'Older Desk', password: 'pw' });
  await createAgent(db, { username: 'saad', displayName: 'Saad', password: 'pw' });
  const server = await startSyncServer({ db, log: silentLogger });
  stops.push(() => server.close());
  const { token } = await signIn(db, 'older', 'pw');

  let cursor: string | number = 0;
  const seen: string[] = [];
  /** One pull as the older workstation sends it: no `cursors` parameter. */
  const pull = async () => {
    const res = await fetch(`${server.url}/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = OlderPullResponse.parse(await res.json());
    cursor = page.cursor;
    for (const c of page.changes) if (c.entity === 'contact') seen.push(String((c as { contact?: { fields?: { firstName?: string } } }).contact?.fields?.firstName));
    return page;
  };
  const pullAll = async () => {
    for (let page = await pull(); page.hasMore; page = await pull());
  };

  const writer = await startSyncClient(server.url);
  stops.push(() => writer.close());
  await writer.engine.signIn('saad', 'pw');
  const create = async (firstName: string) => {
    writer.contacts.create({ firstName, lastName: 'Legacy', company: '', email: '', phones: [], timezone: '', doNotCall: false });
    expect((await writer.engine.syncNow()).pending).toBe(0);
  };

  await create('One');
  await create('Two');
  await pullAll();
  expect([...seen].sort()).toEqual(['One', 'Two']);
  expect(String(cursor)).toMatch(/^x\d+\.\d+$/);

  // A push still running (a transaction that has written, so it holds an id) while another commits.
  const running = new pg.Client({ connectionString: url });
  running.on('error', () => undefined);
  await running.connect();
  stops.push(() => running.end().catch(() => undefined));
  await running.query('BEGIN');
  await running.query('SELECT pg_current_xact_id()');
  await create('Three');
  const held = await pull();
  expect(held.behindHorizon).toBe(true);
  expect(held.changes.filter((c) => c.entity === 'contact')).toEqual([]);

  await running.query('ROLLBACK');
  await pullAll();
  expect([...seen].sort()).toEqual(['One', 'Three', 'Two']);
  expect(String(cursor)).toMatch(/^x\d+\.\d+$/);

  // Updated, the same workstation goes on from its older cursor in the new form, nothing skipped.
  await create('Four');
  const res = await fetch(`${server.url}/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=1000&cursors=snapshot`, { headers: { authorization: `Bearer ${token}` } });
  const upgraded = (await res.json()) as { cursor: string; changes: Array<{ entity: string; contact?: { fields?: { firstName?: string } } }> };
  expect(upgraded.cursor).toMatch(/^s/);
  expect(upgraded.changes.filter((c) => c.entity === 'contact').map((c) => c.contact?.fields?.firstName)).toContain('Four');
});
