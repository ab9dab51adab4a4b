import { z } from 'zod';
import { AgentError } from '../contract';
import type { Sql, SyncDb } from './db';
import type { LogRow } from './push-batch';

/**
 * The change log agents pull from: one row per entity, holding its latest snapshot in the Change
 * shape under a version from one sequence (change_version).
 */

/**
 * The lock every push took for its whole transaction before pulls were ordered by transaction
 * (see pull.ts). Taken now only when SYNC_GLOBAL_PUSH_LOCK=1: the benchmark's baseline.
 */
export const PUSH_LOCK = 4_711_002;
/** First key of the per-client push locks (two-key advisory locks never meet one-key ones). */
const CLIENT_LOCK_SPACE = 4_711;
export const POKE_CHANNEL = 'sync_poke';

/** What a NOTIFY on POKE_CHANNEL carries: the newest version and who may see it (null: everyone). */
export const PokeNotice = z.object({ v: z.number().int().nonnegative(), a: z.array(z.string()).nullable() });
export type PokeNotice = z.infer<typeof PokeNotice>;

/**
 * `count` new versions in ascending order. Call after locking the rows they version: edits of
 * one contact then get versions in the order they commit.
 */
export async function allocateVersions(tx: Sql, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await tx.query<{ v: string }>("SELECT nextval('change_version')::text AS v FROM generate_series(1, $1::int)", [count]);
  return rows.map((r) => Number(r.v)).sort((x, y) => x - y);
}

/**
 * Logs a push's changes, each replacing its entity's previous entry, and returns the poke that
 * announces them: the newest version, for everyone when any change is, else for the pushing agent.
 */
export async function writeChangeLog(tx: Sql, log: readonly LogRow[], agentId: string): Promise<PokeNotice | null> {
  if (log.length === 0) return null;
  await tx.query(
    `INSERT INTO change_log (version, entity, entity_id, audience, payload)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(version bigint, entity text, entity_id text, audience uuid, payload jsonb)
     ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, audience = excluded.audience, payload = excluded.payload`,
    [JSON.stringify(log)],
  );
  const everyone = log.some((l) => l.audience === null);
  return { v: Math.max(...log.map((l) => l.version)), a: everyone ? null : [agentId] };
}

/**
 * Tells every server instance (and so every poke socket) that `notice.v` can be pulled. Call
 * after the commit: a NOTIFY inside the transaction serializes commits on the notify queue, and
 * a poke before the commit would send agents to pull what they cannot see yet.
 */
export async function announce(db: Sql, notice: PokeNotice): Promise<void> {
  await notifyAll(db, [pokeNotification(notice)]);
}

/** One NOTIFY: its channel and its payload. */
export type Notification = readonly [channel: string, payload: string];

/** The NOTIFY on POKE_CHANNEL that announces `notice` (what announce() sends). */
export const pokeNotification = (notice: PokeNotice): Notification => [POKE_CHANNEL, JSON.stringify(notice)];

/**
 * Sends several NOTIFYs in one statement (one round trip): a push's poke and its KPI refresh
 * after its commit (issue 12: the push's fixed cost). Call after the commit, as announce().
 */
export async function notifyAll(db: Sql, notifications: readonly Notification[]): Promise<void> {
  if (notifications.length === 0) return;
  const calls = notifications.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`);
  await db.query(`SELECT ${calls.join(', ')}`, notifications.flat());
}

/** The lock one agent's pushes from one client queue on: another agent cannot hold it. */
export const pushLockKey = (agentId: string, clientId: string): string => `${agentId}/${clientId}`;

/**
 * Serializes one client's pushes (`lockKey`, from pushLockKey) for the rest of the transaction
 * (a retry arriving while the first attempt still runs waits, then is answered from
 * processed_mutations), and, with
 * `globalLock`, every push on every instance: the design before pulls were ordered by
 * transaction, kept as the benchmark's baseline.
 */
export async function takePushLocks(tx: Sql, lockKey: string | null, globalLock = process.env.SYNC_GLOBAL_PUSH_LOCK === '1'): Promise<void> {
  const statement = pushLocksStatement(lockKey, globalLock);
  if (statement !== null) await tx.exec(statement);
}

/** A push lock key is two UUIDs (the agent's, the client's): nothing in it to quote. */
const LOCK_KEY = /^[0-9A-Fa-f-]{36}\/[0-9A-Fa-f-]{36}$/;

/**
 * takePushLocks() as one statement without parameters, or null when it takes no lock: a push
 * sends it with its BEGIN in one round trip (db.ts `transaction()`'s `lead`; issue 12, the
 * push's fixed cost). The key is still hashed by PostgreSQL's hashtext, so instances of older
 * and newer versions serving one database lock the same key. INTERNAL for a key that is not
 * two UUIDs (never quoted into SQL).
 */
export function pushLocksStatement(lockKey: string | null, globalLock = process.env.SYNC_GLOBAL_PUSH_LOCK === '1'): string | null {
  if (lockKey !== null && !LOCK_KEY.test(lockKey)) throw new AgentError('INTERNAL', 'A push lock key must be two UUIDs.');
  const locks = [
    ...(globalLock ? [`SELECT pg_advisory_xact_lock(${PUSH_LOCK})`] : []),
    ...(lockKey === null ? [] : [`SELECT pg_advisory_xact_lock(${CLIENT_LOCK_SPACE}, hashtext('${lockKey}'))`]),
  ];
  return locks.length === 0 ? null : locks.join('; ');
}

/**
 * Writes outside a push (a supervisor's tool, the demo seed: campaigns, leads, the DNC list,
 * scripts) log their changes with versions from the one sequence, as a push does. `fn` returns
 * the newest version it logged, or null when nothing changed; every agent is then poked to pull.
 */
export async function inChangeTransaction(db: SyncDb, fn: (tx: Sql) => Promise<number | null>): Promise<void> {
  const version = await db.transaction(async (tx) => {
    await takePushLocks(tx, null);
    return fn(tx);
  });
  if (version !== null) await announce(db, { v: version, a: null });
}

export const maxVersion = (rows: ReadonlyArray<{ v: string }>): number | null => (rows.length === 0 ? null : Math.max(...rows.map((r) => Number(r.v))));

/** Logs one entity's snapshot for every agent, replacing its previous entry; returns its new version. */
export async function logForEveryone(tx: Sql, entity: string, entityId: string, payload: unknown): Promise<number | null> {
  const { rows } = await tx.query<{ v: string }>(
    `INSERT INTO change_log (version, entity, entity_id, audience, payload)
     VALUES (nextval('change_version'), $1, $2, NULL, $3::jsonb)
     ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
     RETURNING version::text AS v`,
    [entity, entityId, JSON.stringify(payload)],
  );
  return maxVersion(rows);
}
