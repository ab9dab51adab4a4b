/**
 * The sync server's numbered migrations over a real PostgreSQL: a database that an earlier
 * server brought part of the way is recognized at its version and brought to the newest; the
 * versions and names recorded stay the ones servers have always written.
 */
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer, serverMigrations } from '../../src/server/migrations';
import { createTestDatabase } from '../support/sync-postgres';

const opened: SyncDb[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

/** What schema_migrations holds on a database any server version migrated to the newest version. */
const RECORDED = [
  [1, 'agents, sessions, CRM, calls, wrap-up, scripts, presence, change log, processed mutations'],
  [2, 'campaigns, lead lists, campaign assignments and the do-not-call list'],
  [3, 'call script answers'],
  [4, 'callback status'],
  [5, 'the campaign of each call'],
  [6, 'hold time per call'],
  [7, 'sign-in throttle'],
  [8, 'change log rows carry their transaction id'],
  [9, 'processed mutations keyed by agent'],
  [10, 'session lifetime, revocation reasons and devices'],
  [11, 'console accounts, teams, agent status'],
  [12, 'supervisors’ messages to agents and their receipts'],
  [13, 'presence history'],
  [14, 'device final push'],
  [15, 'call outcome'],
] as const;
const NEWEST = RECORDED.at(-1)?.[0];

const recorded = async (db: SyncDb) =>
  (await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows.map((r) => [r.version, r.name]);

it('brings a database migrated part of the way to the newest version, and runs nothing twice', async () => {
  const db = connectPostgres(await createTestDatabase('migrations'), silentLogger);
  opened.push(db);
  expect(await migrateServer(db, serverMigrations.slice(0, 3))).toBe(3);
  expect(await recorded(db)).toEqual(RECORDED.slice(0, 3).map((r) => [...r]));
  expect(await migrateServer(db)).toBe(NEWEST);
  // Migration 4 ran on the existing callbacks table; 5 added the calls' campaign, 6 their hold time.
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE (table_name, column_name) IN (('callbacks', 'status'), ('callbacks', 'status_at'), ('calls', 'campaign_id'), ('calls', 'hold_seconds')) ORDER BY 1, 2`,
  );
  expect(columns.rows).toEqual([
    { table_name: 'callbacks', column_name: 'status' },
    { table_name: 'callbacks', column_name: 'status_at' },
    { table_name: 'calls', column_name: 'campaign_id' },
    { table_name: 'calls', column_name: 'hold_seconds' },
  ]);
  expect(await migrateServer(db)).toBe(NEWEST);
  expect(await recorded(db)).toEqual(RECORDED.map((r) => [...r]));
});
