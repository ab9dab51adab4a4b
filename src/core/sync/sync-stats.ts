/** Counters of the sync engine's work, for benchmarks and tests (no timings in assertions). */
export interface SyncStats {
  pushRequests: number;
  pushFailures: number;
  pullRequests: number;
  pokes: number;
  applied: number;
  duplicates: number;
  rejected: number;
  /** How long applying pulled pages held the event loop: the longest, and how many took over 50 ms. */
  slowestPageMs: number;
  pagesOver50Ms: number;
}

export const emptySyncStats = (): SyncStats => ({
  pushRequests: 0,
  pushFailures: 0,
  pullRequests: 0,
  pokes: 0,
  applied: 0,
  duplicates: 0,
  rejected: 0,
  slowestPageMs: 0,
  pagesOver50Ms: 0,
});
