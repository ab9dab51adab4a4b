import { setTimeout as sleep } from 'node:timers/promises';
import { cursorPosition, type PullQuery } from '../contract';
import type { Sql } from './db';

/**
 * How long a pull waits at most for transactions older than the changes committed before it
 * began (SYNC_PULL_HORIZON_WAIT_MS); past it the page is served without them, marked
 * `behindHorizon`, and the client pulls again shortly (schedule.ts `horizonRetryDelay()`).
 */
export const DEFAULT_PULL_HORIZON_WAIT_MS = 500;

interface PageRow {
  horizon: string;
  waiting: string | null;
  xid: string | null;
  version: string | null;
  payload: string | null;
}

/**
 * One page of the changes an agent may see after its cursor, as the JSON text of a
 * PullResponse. The snapshots were written by push in the Change shape, so they are spliced
 * as text rather than parsed and serialized again: an initial sync of a large contact set is
 * mostly this loop. The client validates every change it receives.
 *
 * Pushes run in parallel, so versions are not handed out in commit order: a version can commit
 * after a higher one was served. Each log row carries the id of the transaction that wrote it,
 * and a page holds only rows of transactions older than the oldest one still running (the
 * xmin of the statement's snapshot): no transaction can still commit below that line, so rows
 * ordered by (transaction, version) only ever appear after a cursor, never before it.
 *
 * Changes this agent may see that committed before the pull began but sit above that line (an
 * older transaction still runs, in this database or, as pg_snapshot_xmin is cluster-wide, in
 * any other) are waited for, up to `horizonWaitMs`: a poke sent after a commit then finds its
 * change. Past the wait the page is served without them and says so (`behindHorizon`), so the
 * client pulls again rather than waiting for the next poke, which may never come. A pull with
 * nothing of its own above the line does not wait at all.
 */
export async function pullPage(db: Sql, agentId: string, q: PullQuery, horizonWaitMs = DEFAULT_PULL_HORIZON_WAIT_MS): Promise<string> {
  const at = cursorPosition(q.cursor);
  const deadline = Date.now() + horizonWaitMs;
  let target: bigint | null | undefined;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    // `waiting`: the newest committed transaction with a row for this agent that the horizon
    // still holds back (a range scan of the (xid, version) index above the horizon: recent rows only).
    const { rows } = await db.query<PageRow>(
      `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
            w AS (SELECT max(l.xid) AS waiting FROM change_log l, h WHERE l.xid >= h.xmin AND (l.audience IS NULL OR l.audience = $3))
       SELECT h.xmin::text AS horizon, w.waiting::text AS waiting, c.xid::text AS xid, c.version::text AS version, c.payload::text AS payload
       FROM h CROSS JOIN w LEFT JOIN LATERAL (
         SELECT xid, version, payload FROM change_log
         WHERE (xid, version) > ($1::xid8, $2::bigint) AND xid < h.xmin AND (audience IS NULL OR audience = $3)
         ORDER BY xid, version LIMIT $4
       ) c ON true`,
      [at.xid, at.version, agentId, q.limit + 1],
    );
    const first = rows[0];
    if (!first) throw new Error('pull: the horizon query returned no row');
    if (target === undefined) target = first.waiting === null ? null : BigInt(first.waiting);
    const found = rows.filter((r): r is PageRow & { xid: string; version: string; payload: string } => r.xid !== null);
    const hasMore = found.length > q.limit;
    const reached = target === null || BigInt(first.horizon) > target;
    if (hasMore || reached || Date.now() >= deadline) {
      const remaining = q.count === '1' ? await countRemaining(db, agentId, at) : null;
      return pageJson(found, hasMore, q.limit, at, remaining, !hasMore && !reached);
    }
    await sleep(delay);
  }
}

/** What this agent may see after the position, for a client's progress bar (one index range scan). */
async function countRemaining(db: Sql, agentId: string, at: { xid: string; version: string }): Promise<{ changes: number; contacts: number }> {
  const { rows } = await db.query<{ changes: string; contacts: string }>(
    `SELECT count(*)::text AS changes, (count(*) FILTER (WHERE entity = 'contact'))::text AS contacts FROM change_log
     WHERE (xid, version) > ($1::xid8, $2::bigint) AND (audience IS NULL OR audience = $3)`,
    [at.xid, at.version, agentId],
  );
  return { changes: Number(rows[0]?.changes ?? 0), contacts: Number(rows[0]?.contacts ?? 0) };
}

function pageJson(
  found: ReadonlyArray<{ xid: string; version: string; payload: string }>,
  hasMore: boolean,
  limit: number,
  at: { xid: string; version: string },
  remaining: { changes: number; contacts: number } | null,
  behindHorizon: boolean,
): string {
  const page = hasMore ? found.slice(0, limit) : found;
  const parts = page.map((r) => `{"version":${Number(r.version)},${r.payload.slice(1)}`);
  const last = page.at(-1);
  const cursor = last ? `x${last.xid}.${last.version}` : `x${at.xid}.${at.version}`;
  const counted = remaining ? `,"remaining":{"changes":${remaining.changes},"contacts":${remaining.contacts}}` : '';
  const behind = behindHorizon ? ',"behindHorizon":true' : '';
  return `{"changes":[${parts.join(',')}],"cursor":"${cursor}","hasMore":${hasMore}${counted}${behind}}`;
}
