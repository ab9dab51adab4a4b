/**
 * The pull worker: a worker_thread with its own connection to the encrypted store that runs
 * the pull loop (pull-loop.ts): fetch, validate and apply each page, so none of it runs on the
 * host's event loop (Electron's main process, or the browser host). The core drives it with
 * PullWorkerClient (pull-worker-client.ts); messages are pull-worker-protocol.ts.
 *
 * Bundled by scripts/build.mjs as out/main/pull-worker.js beside main's bundle; the browser
 * host and tests run this file through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AgentError, type AgentErrorShape } from '../../contract';
import { numberNormalizer } from '../contacts/phone-number';
import { redact, type LogFields, type Logger } from '../log';
import { openStoreConnection, storeError, type Db } from '../store/database';
import { checkpoint, WORKER_CHECKPOINT_INTERVAL_MS } from '../store/wal-checkpoints';
import { CoreWritePriority } from '../store/write-priority';
import { PageFetcherClient } from './page-fetcher-client';
import { inlinePages, type PageSource } from './page-stream';
import { PULL_TRANSACTION_CHANGES, PullApplier } from './pull-apply';
import { pullAll } from './pull-loop';
import { FromPullWorker, PullWorkerInit, ToPullWorker } from './pull-worker-protocol';
import { SyncHttp } from './sync-http';
import { emptySyncStats } from './sync-stats';

const port = parentPort;
if (!port) throw new Error('pull-worker.ts runs only as a worker thread');

const post = (message: FromPullWorker) => port.postMessage(message);

/** Log lines go to the core's logger, redacted here already. */
function workerLogger(base: LogFields = {}): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: LogFields) =>
    post({ type: 'log', level, msg, fields: redact({ ...base, ...fields }) as LogFields });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: (fields) => workerLogger({ ...base, ...fields }) };
}

function shapeOf(err: unknown, file: string): AgentErrorShape {
  if (err instanceof AgentError) return err.toShape();
  const stored = storeError(err, file);
  if (stored) return stored.toShape();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

const init = PullWorkerInit.parse(workerData);
let db: Db | null = null;
try {
  const key = Buffer.from(init.key);
  try {
    db = openStoreConnection({ file: init.file, key });
    // This connection writes only pulled pages, each with its cursor. In WAL mode NORMAL skips
    // the fsync per commit (not per checkpoint): a power cut may roll back the last pages, never
    // half of one, and they are pulled again. The agent's own writes stay FULL on the core's.
    db.pragma('synchronous = NORMAL');
  } finally {
    key.fill(0);
    init.key.fill(0);
  }
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'unusable', error: shapeOf(err, init.file) });
}

const log = workerLogger({ part: 'pull-worker' });
const applier = db
  ? new PullApplier(db, log, numberNormalizer(init.defaultCountry), {
      transactionChanges: PULL_TRANSACTION_CHANGES,
      searchIndexChunk: init.searchIndexChunk,
      priority: init.coreWrites ? new CoreWritePriority(init.coreWrites) : undefined,
    })
  : null;
let running: Promise<void> | null = null;
let closing = false;

/** Fetches, parses and validates pages on a thread of its own, so this one only writes (page-fetcher.ts). */
const fetcher = init.fetcherPort ? new PageFetcherClient(init.fetcherPort, log.child({ part: 'page-fetcher' })) : null;
const pagesFrom = (baseUrl: string, token: string): PageSource =>
  fetcher?.usable ? fetcher.source(baseUrl, token) : inlinePages(new SyncHttp(baseUrl), () => token);

/**
 * The core's connection leaves checkpoints to this one (wal-checkpoints.ts). This connection's own
 * commits still checkpoint by SQLite's rule (a large pull by beginBulkWrite's); this timer copies
 * what the core wrote meanwhile (the agent's saves), and closing copies the rest. A failed one is
 * logged; the WAL keeps it all.
 */
function checkpointStore(): void {
  if (!db?.open) return;
  try {
    checkpoint(db);
  } catch (err) {
    log.warn('checkpoint failed', { code: shapeOf(err, init.file).code });
  }
}
const checkpoints = db ? setInterval(checkpointStore, WORKER_CHECKPOINT_INTERVAL_MS) : null;

port.on('message', (raw: unknown) => {
  const message = ToPullWorker.parse(raw);
  if (message.type === 'close') {
    closing = true;
    if (checkpoints) clearInterval(checkpoints);
    void (running ?? Promise.resolve()).finally(() => {
      fetcher?.close();
      checkpointStore();
      db?.close();
      port.close();
    });
    return;
  }
  if (!applier) {
    post({ type: 'failed', error: { code: 'INTERNAL', message: 'The pull worker has no store connection.' }, stats: { pullRequests: 0, slowestPageMs: 0, pagesOver50Ms: 0 } });
    return;
  }
  const { baseUrl, token, limit } = message;
  const stats = emptySyncStats();
  const pullStats = () => ({ pullRequests: stats.pullRequests, slowestPageMs: stats.slowestPageMs, pagesOver50Ms: stats.pagesOver50Ms });
  running = pullAll(pagesFrom(baseUrl, token), applier, stats, {
    pageSize: limit?.pageSize ?? init.pageSize,
    maxPages: limit?.maxPages,
    onApplied: (summary) => post({ type: 'applied', summary }),
    onProgress: (progress) => post({ type: 'progress', progress }),
    stopped: () => closing,
    // Run below, once the pull is reported done; a pull that failed leaves it to the timer.
    lastCheckpoint: false,
  }).then(
    (outcome) => {
      post({ type: 'done', stats: pullStats(), complete: outcome.complete, behindHorizon: outcome.behindHorizon });
      if (outcome.checkpointDue) checkpointStore();
    },
    (err: unknown) => post({ type: 'failed', error: shapeOf(err, init.file), stats: pullStats() }),
  );
});
