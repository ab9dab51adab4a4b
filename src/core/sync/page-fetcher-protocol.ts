import { z } from 'zod';
import { AgentErrorShape, PullCursor } from '../../contract';

/**
 * Messages between the pull worker and its page fetcher (page-fetcher.ts), validated on both
 * sides like any other boundary. One fetch run at a time; each carries the run's number so a
 * page of a run the pull worker has stopped waiting for is dropped, not applied.
 */
export const ToPageFetcher = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('fetch'),
    run: z.number().int().nonnegative(),
    baseUrl: z.string().url(),
    token: z.string().min(1),
    /** The store's cursor: the run's first page starts here, and asks for `remaining` (count=1). */
    cursor: PullCursor,
    /** Changes per page (PULL_PAGE_MAX at most). */
    pageSize: z.number().int().positive(),
    /** Pages at most (transfer-budget.ts during a live call); absent = to the last page. */
    maxPages: z.number().int().positive().optional(),
  }),
  /** The pull worker took a page: the fetcher may have one more in hand (PAGES_AHEAD). */
  z.object({ type: z.literal('taken'), run: z.number().int().nonnegative() }),
  /** The pull worker is done with this run (ended, failed or closing): fetch no more of it. */
  z.object({ type: z.literal('stop'), run: z.number().int().nonnegative() }),
]);
export type ToPageFetcher = z.infer<typeof ToPageFetcher>;

export const FromPageFetcher = z.discriminatedUnion('type', [
  /**
   * One page, validated against PullResponse by the fetcher and sent as JSON text of the
   * validated value (zod's defaults applied): parsing text is cheaper than cloning the objects
   * across threads (5,000 contacts: about 10 ms against 15–25 ms, measured on this machine kind).
   */
  z.object({ type: z.literal('page'), run: z.number().int().nonnegative(), json: z.string() }),
  /** The run's next page could not be had (SyncHttp's typed error); the run ends here. */
  z.object({ type: z.literal('failed'), run: z.number().int().nonnegative(), error: AgentErrorShape }),
]);
export type FromPageFetcher = z.infer<typeof FromPageFetcher>;
