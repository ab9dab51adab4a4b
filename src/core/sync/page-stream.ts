import type { PullCursor, PullResponse } from '../../contract';
import type { SyncHttp } from './sync-http';

/**
 * A pull's pages in the server's order, fetched ahead of the one being applied. The cursor is
 * chained (each page says where the next starts), so pages come one after another; fetching
 * ahead overlaps the server's work, the network and the parsing with the local writes.
 *
 * Two sources: `inlinePages` fetches on the caller's own thread, one page ahead (the engine's
 * pull without a worker, tests, the bench's baseline); the page fetcher (page-fetcher-client.ts)
 * fetches, parses and validates on a thread of its own, so the pull worker only writes.
 */
export interface PageStream {
  /** The next page; rejects with the typed AgentError (sync-http.ts) that ended the stream. */
  next(): Promise<PullResponse>;
  /**
   * The next page if it has arrived already, else undefined (the stream stays as it was). Lets
   * a writer behind its fetcher write several pages in one transaction (`mergePages`).
   */
  arrived(): PullResponse | undefined;
  /** No more pages are wanted (the pull ended, failed or is closing): stop fetching. Idempotent. */
  stop(): void;
}

/** Where a pull's pages come from: the stream of pages after `cursor`, `maxPages` at most. */
export type PageSource = (cursor: PullCursor, pageSize: number, maxPages?: number) => PageStream;

/**
 * Pages fetched on the caller's own thread, the next requested as soon as the current one is
 * handed out (before it is applied). The first request asks how much is left (count=1), for
 * the progress bar. `token` is read per request: a refreshed token is used from the next page.
 */
export function inlinePages(http: SyncHttp, token: () => string): PageSource {
  return (cursor, pageSize, maxPages) => {
    let fetched = 1;
    let stopped = false;
    let request: Promise<PullResponse> | null = http.pull(token(), cursor, pageSize, true);
    return {
      async next() {
        if (!request) throw new Error('inlinePages: next() after the last page');
        const page = await request;
        request = null;
        if (page.hasMore && !stopped && (maxPages === undefined || fetched < maxPages)) {
          fetched++;
          request = http.pull(token(), page.cursor, pageSize);
          // Awaited by the next next(); until then a failure must not count as unhandled.
          request.catch(() => undefined);
        }
        return page;
      },
      // One page ahead at most, and not known to have arrived without awaiting it.
      arrived: () => undefined,
      stop() {
        stopped = true;
      },
    };
  };
}

/**
 * Consecutive pages as one: their changes in order, the later page's cursor, `hasMore` and
 * `behindHorizon`, the earlier page's `remaining` (asked with the first request). Applied in one
 * transaction the cursor moves past both at once, which is where the next pull must begin.
 */
export function mergePages(earlier: PullResponse, later: PullResponse): PullResponse {
  return {
    changes: [...earlier.changes, ...later.changes],
    cursor: later.cursor,
    hasMore: later.hasMore,
    ...(earlier.remaining ? { remaining: earlier.remaining } : {}),
    ...(later.behindHorizon ? { behindHorizon: later.behindHorizon } : {}),
  };
}
