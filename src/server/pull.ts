import type { PullQuery } from '../contract';
import type { Sql } from './db';

/**
 * One page of the changes an agent may see after its cursor, as the JSON text of a
 * PullResponse. The snapshots were written by push in the Change shape, so they are spliced
 * as text rather than parsed and serialized again: an initial sync of a large contact set is
 * mostly this loop. The client validates every change it receives.
 */
export async function pullPage(db: Sql, agentId: string, q: PullQuery): Promise<string> {
  const { rows } = await db.query<{ version: string; payload: string }>(
    `SELECT version::text AS version, payload::text AS payload FROM change_log
     WHERE version > $1 AND (audience IS NULL OR audience = $2) ORDER BY change_log.version LIMIT $3`,
    [q.cursor, agentId, q.limit + 1],
  );
  const hasMore = rows.length > q.limit;
  const page = hasMore ? rows.slice(0, q.limit) : rows;
  const parts = page.map((r) => `{"version":${Number(r.version)},${r.payload.slice(1)}`);
  const cursor = page.length > 0 ? Number(page[page.length - 1]?.version) : q.cursor;
  return `{"changes":[${parts.join(',')}],"cursor":${cursor},"hasMore":${hasMore}}`;
}
