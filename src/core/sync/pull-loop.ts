import { performance } from 'node:perf_hooks';
import type { PullResponse, SyncProgress } from '../../contract';
import type { BulkWrite } from '../store/wal-checkpoints';
import type { ApplySummary, PullApplier } from './pull-apply';
import { mergePages, type PageSource } from './page-stream';
import { yieldToLoop } from './pusher';
import type { SyncStats } from './sync-stats';
import { PROGRESS_FROM, syncProgress } from './sync-progress';

export interface PullOptions {
  readonly pageSize?: number;
  readonly onApplied?: (summary: ApplySummary) => void;
  /** Called after each page of a pull that began with at least PROGRESS_FROM changes to come. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Checked after each page: true ends the pull there (the worker is closing). */
  readonly stopped?: () => boolean;
  /** Pages at most (transfer-budget.ts: one small page during a live call); absent = to the end. */
  readonly maxPages?: number;
  /**
   * A large pull's last checkpoint (wal-checkpoints.ts BulkWrite.end): false leaves it to the
   * caller, after the result is out (PullOutcome.checkpointDue). Measured (bench/sync.bench.ts,
   * 200,000 contacts): 0.3–0.9 s of copying and fsync between the last search row and "synced",
   * for nothing the agent sees: the WAL holds every page, and searches read it. Default true.
   */
  readonly lastCheckpoint?: boolean;
}

/**
 * Pulls everything after the cursor, page by page, each page applied in one local transaction
 * with its cursor (pull-apply.ts); in a large pull the pages already in hand are merged into one
 * (`mergePages`, up to the applier's large-pull transaction). Pages come from `source`
 * (page-stream.ts), fetched ahead of the one being applied, so the server's work, the network
 * and the parsing overlap the local writes. The
 * first request asks how much is left, for the progress bar. Resolves `complete: false` when it
 * stopped with changes left on the server (maxPages reached, or stopped).
 *
 * Where it runs: in the pull worker (pull-worker.ts) for the core, off the host's event loop;
 * inline on the caller's loop where a test or the bench's baseline drives it.
 */
/**
 * How a pull ended: `complete` false when changes were left on the server (a limit reached, or
 * closing); `behindHorizon` when its last page was served short of the server's horizon (pull
 * again soon).
 */
export interface PullOutcome {
  readonly complete: boolean;
  readonly behindHorizon: boolean;
  /** True when a large pull's last checkpoint was left to the caller (PullOptions.lastCheckpoint false): run it now. */
  readonly checkpointDue?: boolean;
}

/**
 * Once everything is pulled: indexes the contacts a large pull (this one or one cut short
 * before) left without search rows, a chunk per transaction, the status bar showing it. False
 * when it stopped first (the worker closing): the mark stays and the next pull goes on.
 */
async function buildSearchIndex(applier: PullApplier, stats: SyncStats, options: PullOptions): Promise<boolean> {
  while (applier.searchIndexPending()) {
    if (options.stopped?.()) return false;
    const t0 = performance.now();
    const step = applier.buildSearchIndex();
    const held = performance.now() - t0;
    stats.slowestPageMs = Math.max(stats.slowestPageMs, held);
    if (held > 50) stats.pagesOver50Ms++;
    options.onProgress?.({ contacts: step.total, total: step.total, etaSeconds: 0, ...(step.done ? {} : { searchIndex: { indexed: step.indexed, total: step.total } }) });
    if (!step.done) await yieldToLoop();
  }
  return true;
}

export async function pullAll(source: PageSource, applier: PullApplier, stats: SyncStats, options: PullOptions): Promise<PullOutcome> {
  const started = performance.now();
  let applied = 0;
  let contacts = 0;
  let counted: PullResponse['remaining'];
  let pages = 0;
  let indexAtEnd = false;
  const pageSize = options.pageSize ?? 100;
  const stream = source(applier.cursor(), pageSize, options.maxPages);
  // A large pull's checkpoints every few pages instead of in every commit (wal-checkpoints.ts).
  let bulk: BulkWrite | null = null;
  const atLimit = () => options.maxPages !== undefined && pages >= options.maxPages;
  const checkpointDue = () => bulk !== null && options.lastCheckpoint === false;
  try {
    for (;;) {
      stats.pullRequests++;
      let page = await stream.next();
      pages++;
      counted ??= page.remaining;
      // Decided on the first page; a mark left by an earlier pull cut short holds anyway (013).
      if (pages === 1) indexAtEnd = applier.isLargePull(counted?.changes ?? 0);
      if (indexAtEnd) bulk ??= applier.beginBulkWrite();
      if (indexAtEnd) {
        // Pages the fetcher has in hand already go in the same transaction (fewer commits: each
        // one rewrites most pages of the uuid indexes, pull-apply.ts LARGE_PULL_TRANSACTION_CHANGES).
        let more: PullResponse | undefined;
        while (page.hasMore && !atLimit() && page.changes.length + pageSize <= applier.largePullTransactionChanges() && (more = stream.arrived())) {
          page = mergePages(page, more);
          pages++;
          stats.pullRequests++;
        }
      }
      const last = atLimit();
      const t0 = performance.now();
      const summary = applier.applyPage(page, undefined, { indexAtEnd });
      bulk?.committed(page.changes.length);
      const held = performance.now() - t0;
      stats.slowestPageMs = Math.max(stats.slowestPageMs, held);
      if (held > 50) stats.pagesOver50Ms++;
      applied += page.changes.length;
      contacts += summary.contacts.length;
      if (page.changes.length > 0) options.onApplied?.(summary);
      if (counted && counted.changes >= PROGRESS_FROM) {
        options.onProgress?.(syncProgress({ elapsedMs: performance.now() - started, applied, counted: counted.changes, contacts, totalContacts: counted.contacts }));
      }
      if (!page.hasMore) {
        const built = await buildSearchIndex(applier, stats, options);
        return { complete: built, behindHorizon: page.behindHorizon === true, checkpointDue: checkpointDue() };
      }
      if (last || options.stopped?.()) return { complete: false, behindHorizon: false, checkpointDue: checkpointDue() };
      // Inline, many pages would otherwise run back to back: let the caller's event loop breathe.
      await yieldToLoop();
    }
  } finally {
    stream.stop();
    bulk?.end(options.lastCheckpoint !== false);
  }
}
