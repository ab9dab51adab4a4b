import { CURSOR_XIP_MAX, formatPullCursor, parsePullCursor, parseSnapshot, snapshotText, type PullPosition, type PullQuery, type Snapshot } from '../contract';
import type { Sql } from './db';

interface PageRow {
  snapshot: string;
  xid: string | null;
  version: string | null;
  payload: string | null;
}

/**
 * A snapshot naming at most `max` running transactions, whose visible set is within the
 * original's: the first `max` of xip, and xmax lowered to the next one (everything from it on
 * counts as still running). As a round's target it holds the commits it drops for the next
 * round; as the next round's prev it re-sends them: never skipped, at worst sent twice, and only
 * when more than `max` transactions were open on the cluster at once.
 */
export function boundedSnapshot(s: Snapshot, max = CURSOR_XIP_MAX): Snapshot {
  const cut = s.xip[max];
  return cut === undefined ? s : { xmin: s.xmin, xmax: cut, xip: s.xip.slice(0, max) };
}

/**
 * One page of the changes an agent may see after its cursor, as the JSON text of a
 * PullResponse. The snapshots were written by push in the Change shape, so they are spliced
 * as text rather than parsed and serialized again: an initial sync of a large contact set is
 * mostly this loop. The client validates every change it receives.
 *
 * Pushes run in parallel, so versions are not handed out in commit order, and a transaction
 * that began long ago may commit after later ones. Each log row carries the id of the
 * transaction that last wrote it (migration 008), and the cursor remembers the PostgreSQL
 * snapshot the agent's last complete pull was served at (a snapshot cursor): the next pull
 * serves the rows visible now whose transaction was not visible in that snapshot, in
 * (transaction, version) order. Nothing waits: a transaction still running is not visible now
 * and so comes in a later round, once, whenever it commits; one that committed is served in the
 * first round after, once (its rows then count as visible in that round's snapshot). Running
 * transactions of other databases in the snapshot only lengthen the cursor.
 *
 * A round of several pages is fixed at the snapshot of its first page (the cursor's target) and
 * goes on after the last (transaction, version) served; a row rewritten meanwhile by a later
 * transaction leaves the round with its old transaction and comes in the next one with its new
 * one. The complete round's cursor is its target.
 */
export async function pullPage(db: Sql, agentId: string, q: PullQuery): Promise<string> {
  const at = parsePullCursor(q.cursor);
  // PullQuery validated it; a cursor it lets through always parses.
  if (!at) throw new Error('pull: an unreadable cursor passed validation');
  // The count (a first page's, for the progress bar) runs beside the page on a connection of its
  // own: one after the other, a first sync's first page of 5,000 took 400–680 ms against
  // 175–280 ms without the count (200,000 contacts, this machine kind), and the client's writer
  // waits for that page.
  const [{ rows }, remaining] = await Promise.all([
    db.query<PageRow>(
      `SELECT s.now::text AS snapshot, c.xid::text AS xid, c.version::text AS version, c.payload::text AS payload
       FROM (SELECT pg_current_snapshot() AS now) AS s LEFT JOIN LATERAL (
         SELECT * FROM (${NEW_ROWS.map((where) => `(SELECT xid, version, payload FROM change_log WHERE ${where} AND ${IN_ROUND} ORDER BY xid, version LIMIT $8)`).join(' UNION ALL ')}) AS u
         ORDER BY xid, version LIMIT $8
       ) AS c ON true`,
      [...positionParams(at), agentId, q.limit + 1],
    ),
    q.count === '1' ? countRemaining(db, agentId, at) : null,
  ]);
  const now = parseSnapshot(rows[0]?.snapshot ?? '');
  if (!now) throw new Error(`pull: PostgreSQL returned the snapshot ${JSON.stringify(rows[0]?.snapshot)}`);
  const found = rows.filter((r): r is PageRow & { xid: string; version: string; payload: string } => r.xid !== null);
  return pageJson(found, q.limit, at, at.target ?? boundedSnapshot(now), remaining);
}

/**
 * The transactions whose rows are new to a puller at prev, as three ranges of the (xid, version)
 * index, in that order: below prev's xmin (only the old cursors' rows, on their position alone),
 * prev's running ones, and those from its xmax on (up to the target's xmax, or now's: none later
 * is visible). Scanning these rather than everything from prev's xmin skips the rows of
 * transactions that ended after prev's oldest one but before prev, which its round served: in a
 * storm, tens of thousands. $3 xmin, $4 xmax, $5 xip (xid8[]), $6 target or null.
 */
const NEW_ROWS = [
  'xid < $3::xid8',
  'xid = ANY($5::xid8[])',
  'xid >= $4::xid8 AND xid < pg_snapshot_xmax(coalesce($6::pg_snapshot, pg_current_snapshot()))',
] as const;
/** After the position, within the round's target when it has one, and for this agent ($1, $2 position; $7 agent). */
const IN_ROUND = `(xid, version) > ($1::xid8, $2::bigint) AND ($6::pg_snapshot IS NULL OR pg_visible_in_snapshot(xid, $6::pg_snapshot))
  AND (audience IS NULL OR audience = $7)`;

const positionParams = (at: PullPosition): Array<string | string[] | null> => [
  String(at.after.xid),
  String(at.after.version),
  String(at.prev.xmin),
  String(at.prev.xmax),
  at.prev.xip.map(String),
  at.target && snapshotText(at.target),
];

/** What this agent may see after the position, for a client's progress bar (the same index ranges; a statement of its own, so approximate). */
async function countRemaining(db: Sql, agentId: string, at: PullPosition): Promise<{ changes: number; contacts: number }> {
  const { rows } = await db.query<{ changes: string; contacts: string }>(
    `SELECT count(*)::text AS changes, (count(*) FILTER (WHERE entity = 'contact'))::text AS contacts
     FROM (${NEW_ROWS.map((where) => `(SELECT entity FROM change_log WHERE ${where} AND ${IN_ROUND})`).join(' UNION ALL ')}) AS u`,
    [...positionParams(at), agentId],
  );
  return { changes: Number(rows[0]?.changes ?? 0), contacts: Number(rows[0]?.contacts ?? 0) };
}

/**
 * The page and the cursor after it: mid-round (more rows than the page holds), the round's prev
 * and target and the last row served; else the round's target alone, the next round's prev.
 */
function pageJson(
  found: ReadonlyArray<{ xid: string; version: string; payload: string }>,
  limit: number,
  at: PullPosition,
  target: Snapshot,
  remaining: { changes: number; contacts: number } | null,
): string {
  const hasMore = found.length > limit;
  const page = hasMore ? found.slice(0, limit) : found;
  const parts = page.map((r) => `{"version":${Number(r.version)},${r.payload.slice(1)}`);
  const last = page.at(-1);
  const cursor = formatPullCursor(
    hasMore && last ? { prev: at.prev, target, after: { xid: BigInt(last.xid), version: BigInt(last.version) } } : { prev: target, target: null, after: { xid: target.xmin, version: 0n } },
  );
  const counted = remaining ? `,"remaining":{"changes":${remaining.changes},"contacts":${remaining.contacts}}` : '';
  return `{"changes":[${parts.join(',')}],"cursor":"${cursor}","hasMore":${hasMore}${counted}}`;
}
