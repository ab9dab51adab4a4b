/**
 * The page fetcher: a worker_thread of the pull worker's that fetches a pull's pages, parses
 * and validates them (SyncHttp: JSON.parse and zod), and hands each to the pull worker as the
 * JSON text of the validated page, up to PAGES_AHEAD ahead of the one being written. The pull
 * worker's thread then only writes the store (issue 17: reading, parsing and validating a page
 * of 5,000 contacts cost about as much CPU as half its write, on the same thread, and the next
 * page could not be asked for before the current one was read). No store, no key: the sync
 * token travels with each run. Messages are page-fetcher-protocol.ts; the pull worker's side
 * is page-fetcher-client.ts, on a MessagePort the core hands both threads when it starts them.
 *
 * Bundled by scripts/build.mjs as out/main/page-fetcher.js beside the pull worker's bundle;
 * the browser host and tests run this file through tsx.
 */
import { MessagePort, workerData } from 'node:worker_threads';
import { AgentError, type AgentErrorShape, type PullCursor } from '../../contract';
import { FromPageFetcher, ToPageFetcher } from './page-fetcher-protocol';
import { SyncHttp } from './sync-http';

/**
 * Pages handed over and not yet taken, at most: enough for the writer to merge a large pull's
 * transaction of LARGE_PULL_TRANSACTION_CHANGES from pages of 5,000 (pull-apply.ts) while the
 * next is on the wire. A page of 5,000 contacts is about 2.7 MB of text.
 */
const PAGES_AHEAD = 4;

// The pull worker's end of the channel startPageFetcher made (page-fetcher-client.ts).
const port: unknown = (workerData as { port?: unknown } | null)?.port;
if (!(port instanceof MessagePort)) throw new Error('page-fetcher.ts runs only as a worker thread started by startPageFetcher');
// The pull worker gone (closed or ended): nothing is left to fetch for.
port.on('close', () => process.exit(0));

const post = (message: FromPageFetcher) => port.postMessage(message);

interface Run {
  readonly run: number;
  readonly http: SyncHttp;
  readonly token: string;
  readonly pageSize: number;
  readonly maxPages: number | undefined;
  inHand: number;
  stopped: boolean;
  /** Wakes the run waiting for a page to be taken (or for stop). */
  wake: (() => void) | null;
}

let current: Run | null = null;

function errorShape(err: unknown): AgentErrorShape {
  if (err instanceof AgentError) return err.toShape();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

async function fetchRun(r: Run, from: PullCursor): Promise<void> {
  let cursor = from;
  for (let pages = 0; ; ) {
    while (r.inHand >= PAGES_AHEAD && !r.stopped) await new Promise<void>((resolve) => (r.wake = resolve));
    if (r.stopped) return;
    let json: string;
    let next: { hasMore: boolean; cursor: PullCursor };
    try {
      const page = await r.http.pull(r.token, cursor, r.pageSize, pages === 0);
      json = JSON.stringify(page);
      next = page;
    } catch (err) {
      if (!r.stopped) post({ type: 'failed', run: r.run, error: errorShape(err) });
      return;
    }
    if (r.stopped) return;
    pages++;
    r.inHand++;
    post({ type: 'page', run: r.run, json });
    if (!next.hasMore || (r.maxPages !== undefined && pages >= r.maxPages)) return;
    cursor = next.cursor;
  }
}

function stop(r: Run | null): void {
  if (!r) return;
  r.stopped = true;
  r.wake?.();
}

port.on('message', (raw: unknown) => {
  const parsed = ToPageFetcher.safeParse(raw);
  if (!parsed.success) {
    // Only the pull worker talks to this thread: a message it cannot read ends the run it was
    // about with a typed error, rather than leave the pull waiting for a page.
    if (current) post({ type: 'failed', run: current.run, error: { code: 'INTERNAL', message: `The page fetcher got a message it does not understand (${parsed.error.issues[0]?.message ?? 'invalid'}).` } });
    stop(current);
    current = null;
    return;
  }
  const m = parsed.data;
  if (m.type === 'fetch') {
    stop(current);
    const r: Run = { run: m.run, http: new SyncHttp(m.baseUrl), token: m.token, pageSize: m.pageSize, maxPages: m.maxPages, inHand: 0, stopped: false, wake: null };
    current = r;
    void fetchRun(r, m.cursor);
    return;
  }
  if (current?.run !== m.run) return;
  if (m.type === 'stop') {
    stop(current);
    current = null;
    return;
  }
  current.inHand--;
  const wake = current.wake;
  current.wake = null;
  wake?.();
});
