import { setTimeout as sleep } from 'node:timers/promises';
import type { PullQuery } from '../contract';
import type { Sql } from './db';

/**
 * Pulls for workstations released before the snapshot cursor (pull.ts): they validate the
 * cursor they are given against the older forms, a number n or "x<xid>.<version>", so a server
 * that answered them with "s…" would stop their sync until they update — and a laptop that was
 * off for weeks syncs before its updater runs. A request without `cursors=snapshot` is served as
 * those servers served it: only rows of transactions older than the oldest still running, in
 * (transaction, version) order, waiting up to HORIZON_WAIT_MS for the agent's own rows held back
 * and marking a page served without them `behindHorizon` (which those workstations pull again
 * after). The code is that server's (git 30f9554 src/server/pull.ts), kept unchanged in meaning.
 */

/** How long a legacy pull waits at most for older transactions (the older servers' default, SYNC_PULL_HORIZON_WAIT_MS). */
export const HORIZON_WAIT_MS = 500;

/** A cursor of the older forms as (transaction, version) decimal strings: n is (0, n). Null for any other text. */
export function legacyCursorPosition(cursor: string): { xid: string; version: string } | null {
  const m = /^(?:x(\d{1,20})\.)?(\d{1,19})$/.exec(cursor);
  return m ? { xid: m[1] ?? '0', version: m[2] ?? '0' } : null;
}

interface PageRow {
  horizon: string;
  waiting: string | null;
  xid: string | null;
  version: string | null;
  payload: string | null;
}

/**
 * One page in the older servers' way (see the top of this file), as the JSON text of a
 * PullResponse whose cursor is "x<xid>.<version>". The snapshots were written by push in the Change shape, so they are spliced
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
export async function pullPageBelowHorizon(db: Sql, agentId: string, q: PullQuery, horizonWaitMs = HORIZON_WAIT_MS): Promise<string> {
  const at = legacyCursorPosition(String(q.cursor));
  if (!at) throw new Error('legacy pull: called with a snapshot cursor');
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
