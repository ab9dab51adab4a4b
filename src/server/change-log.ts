import { z } from 'zod';
import type { Sql, SyncDb } from './db';
import type { LogRow } from './push-batch';

/**
 * The change log agents pull from: one row per entity, holding its latest snapshot in the Change
 * shape under a version from one sequence (change_version).
 */

/**
 * Every push takes this lock for its whole transaction, on every server instance: versions are
 * then handed out in commit order (a puller can never skip one), and concurrent edits of one
 * contact resolve in one order everyone agrees on.
 */
export const PUSH_LOCK = 4_711_002;
export const POKE_CHANNEL = 'sync_poke';

/** What a NOTIFY on POKE_CHANNEL carries: the newest version and who may see it (null: everyone). */
export const PokeNotice = z.object({ v: z.number().int().nonnegative(), a: z.array(z.string()).nullable() });
export type PokeNotice = z.infer<typeof PokeNotice>;

/** `count` new versions in ascending order; call with the push lock held. */
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

/** Tells every server instance (and so every poke socket) that `notice.v` can be pulled. */
export async function announce(tx: Sql, notice: PokeNotice): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify(notice)]);
}

/** Takes the push lock for the rest of the transaction. */
export async function takePushLock(tx: Sql): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
}

/**
 * Writes outside a push (a supervisor's tool, the demo seed: campaigns, leads, the DNC list,
 * scripts) take the push lock and log their changes with versions from the one sequence, as a
 * push does, so pullers never skip a version. `fn` returns the newest version it logged, or null
 * when nothing changed; every agent is then poked to pull.
 */
export async function inChangeTransaction(db: SyncDb, fn: (tx: Sql) => Promise<number | null>): Promise<void> {
  await db.transaction(async (tx) => {
    await takePushLock(tx);
    const version = await fn(tx);
    if (version !== null) await announce(tx, { v: version, a: null });
  });
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
