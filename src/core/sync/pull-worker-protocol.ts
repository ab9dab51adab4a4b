import { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { AgentErrorShape, PullCursor, SyncProgress } from '../../contract';

/**
 * Messages between the core and its pull worker (pull-worker.ts), validated on both sides like
 * any other boundary. The store key travels once, in PullWorkerInit (workerData: copied into
 * the worker's memory, never serialized to disk or a log), and is zeroed after the connection
 * is open; the sync token travels with each pull.
 */
export const PullWorkerInit = z.object({
  file: z.string().min(1),
  key: z.instanceof(Uint8Array).refine((k) => k.length === 32, 'a 256-bit key'),
  /** ISO country for numbers without a country code (the core's defaultCountry). */
  defaultCountry: z.string().max(10).optional(),
  /** Changes per pulled page (PULL_PAGE_MAX at most). */
  pageSize: z.number().int().positive(),
  /** Contacts per transaction when a pending search index is built (pull-apply.ts SEARCH_INDEX_CHUNK when absent). */
  searchIndexChunk: z.number().int().positive().optional(),
  /** The core's write counter (store/write-priority.ts): the worker gives way while it is above zero. */
  coreWrites: z.instanceof(SharedArrayBuffer).refine((b) => b.byteLength === Int32Array.BYTES_PER_ELEMENT, 'one Int32').optional(),
  /** The page fetcher's port (page-fetcher-client.ts startPageFetcher); absent: the worker fetches on its own thread. */
  fetcherPort: z.instanceof(MessagePort).optional(),
});
export type PullWorkerInit = z.infer<typeof PullWorkerInit>;

export const ToPullWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('pull'),
    baseUrl: z.string().url(),
    token: z.string().min(1),
    /** This pull only: smaller pages and a page cap (transfer-budget.ts, during a live call); absent = the init's size, to the end. */
    limit: z.object({ pageSize: z.number().int().positive(), maxPages: z.number().int().positive() }).optional(),
  }),
  z.object({ type: z.literal('close') }),
]);
export type ToPullWorker = z.infer<typeof ToPullWorker>;

/** The worker's part of SyncStats (sync-stats.ts) for one pull: requests, and how long pages held its own loop. */
export const PullStats = z.object({ pullRequests: z.number().int(), slowestPageMs: z.number(), pagesOver50Ms: z.number().int() });
export type PullStats = z.infer<typeof PullStats>;

export const ApplySummaryShape = z.object({
  cursor: PullCursor,
  contacts: z.array(z.string()),
  calls: z.array(z.string()),
  notes: z.number().int(),
  history: z.number().int(),
  scripts: z.number().int(),
  callbacks: z.number().int(),
  campaigns: z.number().int(),
  messages: z.number().int(),
  refused: z.array(z.object({ entity: z.string(), id: z.string(), code: z.string(), message: z.string() })),
});

export const FromPullWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The worker could not open its connection (a typed store error). */
  z.object({ type: z.literal('unusable'), error: AgentErrorShape }),
  z.object({ type: z.literal('applied'), summary: ApplySummaryShape }),
  z.object({ type: z.literal('progress'), progress: SyncProgress }),
  /**
   * `complete` false: stopped with changes left on the server (the limit reached, or closing).
   * `behindHorizon`: the last page was served short of the server's horizon (PullResponse.behindHorizon).
   */
  z.object({ type: z.literal('done'), stats: PullStats, complete: z.boolean(), behindHorizon: z.boolean() }),
  z.object({ type: z.literal('failed'), error: AgentErrorShape, stats: PullStats }),
  z.object({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), msg: z.string(), fields: z.record(z.string(), z.unknown()) }),
]);
export type FromPullWorker = z.infer<typeof FromPullWorker>;
