import type { Sql, SyncDb } from './db';
import { POKE_CHANNEL, PUSH_LOCK } from './push';

/**
 * Writes outside a push (a supervisor's tool, the demo seed: campaigns, leads, the DNC list,
 * scripts) take the push lock and log their changes with versions from the one sequence, as a
 * push does, so pullers never skip a version. `fn` returns the newest version it logged, or null
 * when nothing changed; every agent is then poked to pull.
 */
export async function inChangeTransaction(db: SyncDb, fn: (tx: Sql) => Promise<number | null>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
    const version = await fn(tx);
    if (version !== null) await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ v: version, a: null })]);
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
