import type { Logger } from '../core/log';
import type { Sql } from './db';

/**
 * processed_mutations answers a retried push with the first answer, so an unanswered push can be
 * retried safely. A retry comes within minutes (hours for a laptop that slept); after this long
 * the row only costs index space — 500 agents write some 250,000 rows a day.
 */
export const PROCESSED_MUTATION_RETENTION_DAYS = 90;
const EVERY_MS = 6 * 60 * 60 * 1000;

/** Deletes processed-mutation records older than `days`; returns how many. */
export async function pruneProcessedMutations(db: Sql, days: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM processed_mutations WHERE processed_at < now() - make_interval(days => $1) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [days],
  );
  return rows[0]?.n ?? 0;
}

/** Prunes at start and every six hours; several instances pruning at once is harmless. Returns the stop function. */
export function scheduleRetention(db: Sql, log: Logger, days: number): () => void {
  const run = () =>
    pruneProcessedMutations(db, days).then(
      (n) => (n > 0 ? log.info('pruned processed mutations', { count: n, olderThanDays: days }) : undefined),
      (err: unknown) => log.warn('pruning processed mutations failed; will try again', { error: err }),
    );
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
