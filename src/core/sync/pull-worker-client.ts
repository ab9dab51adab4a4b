import { Worker } from 'node:worker_threads';
import { AgentError, type SyncProgress } from '../../contract';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { leaveCheckpointsToWorker } from '../store/wal-checkpoints';
import { announceCoreWrites, coreWriteCounter } from '../store/write-priority';
import { startPageFetcher } from './page-fetcher-client';
import { syncWorkerEntry, workerExecArgv } from './worker-entry';
import type { ApplySummary } from './pull-apply';
import { FromPullWorker, type PullStats, type PullWorkerInit, type ToPullWorker } from './pull-worker-protocol';

/** The pull worker's code (worker-entry.ts). */
export const pullWorkerEntry = (): string => syncWorkerEntry('pull-worker');

/** The pull worker's young generation, MB (see the Worker's resourceLimits below). */
export const PULL_WORKER_YOUNG_GENERATION_MB = 16;

export interface PullHandlers {
  readonly onApplied?: (summary: ApplySummary) => void;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/**
 * One pull in the worker: its counters; `complete` false when changes were left on the server;
 * whether its last page was served short of the server's horizon.
 */
export interface PullResult {
  readonly stats: PullStats;
  readonly complete: boolean;
  readonly behindHorizon: boolean;
}

interface Running extends PullHandlers {
  resolve(result: PullResult): void;
  reject(err: AgentError): void;
}

/**
 * The core's side of the pull worker (pull-worker.ts). One pull at a time (the sync schedule
 * runs one attempt at a time). `usable` turns false if the worker cannot open the store or
 * dies; the engine then pulls on its own loop, as before the worker existed, instead of
 * stopping syncing.
 */
export class PullWorkerClient {
  private readonly worker: Worker;
  private running: Running | null = null;
  private alive = true;
  private readonly ready: Promise<boolean>;

  /**
   * `init.key` is copied into the worker and then zeroed here. `onUsable` hears true once the
   * worker's connection is open, false when it could not open one or the worker stopped (the
   * core then checkpoints for itself again: wal-checkpoints.ts).
   */
  /**
   * `fetcher`: the page fetcher thread started beside this worker (startPageFetcher; its port is
   * `init.fetcherPort`), ended with it.
   */
  constructor(
    init: Omit<PullWorkerInit, 'key'> & { readonly key: Uint8Array<ArrayBufferLike> },
    private readonly log: Logger,
    entry: string = pullWorkerEntry(),
    onUsable: (usable: boolean) => void = () => undefined,
    private readonly fetcher: Worker | null = null,
  ) {
    let resolveReady: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => (resolveReady = resolve));
    // `ready` keeps its first answer (a promise settles once); onUsable hears every change.
    const settle = (ok: boolean) => {
      resolveReady(ok);
      onUsable(ok);
    };
    try {
      this.worker = new Worker(entry, {
        workerData: { ...init, key: new Uint8Array(init.key) },
        transferList: init.fetcherPort ? [init.fetcherPort] : [],
        execArgv: workerExecArgv(entry),
        // A first sync parses pages of megabytes that live until their transaction commits:
        // with V8's default young generation sized for this machine's memory the process peaked
        // at 700–910 MB resident (200,000 contacts, bench/sync.bench.ts), with 16 MB at 570–600 MB
        // and no slower. Only how often it collects, never how much it may hold.
        resourceLimits: { maxYoungGenerationSizeMb: PULL_WORKER_YOUNG_GENERATION_MB },
      });
    } finally {
      init.key.fill(0);
    }
    this.worker.on('message', (raw: unknown) => {
      const parsed = FromPullWorker.safeParse(raw);
      if (!parsed.success) {
        this.log.error('pull worker sent a message this core does not understand', { issue: parsed.error.issues[0]?.message });
        return;
      }
      const m = parsed.data;
      switch (m.type) {
        case 'ready':
          settle(true);
          return;
        case 'unusable':
          this.alive = false;
          this.log.error('pull worker cannot open the store; pulling on the main loop', { code: m.error.code, message: m.error.message });
          settle(false);
          return;
        case 'applied':
          this.running?.onApplied?.(m.summary);
          return;
        case 'progress':
          this.running?.onProgress?.(m.progress);
          return;
        case 'log':
          this.log[m.level](m.msg, m.fields);
          return;
        case 'done':
        case 'failed': {
          const run = this.running;
          this.running = null;
          if (m.type === 'done') run?.resolve({ stats: m.stats, complete: m.complete, behindHorizon: m.behindHorizon });
          else run?.reject(new AgentError(m.error.code, m.error.message));
          return;
        }
      }
    });
    const died = (why: string) => {
      this.alive = false;
      void this.fetcher?.terminate();
      settle(false);
      const run = this.running;
      this.running = null;
      run?.reject(new AgentError('INTERNAL', `The pull worker stopped (${why}).`));
    };
    this.worker.on('error', (err) => {
      this.log.error('pull worker failed', { error: err });
      died(err.message);
    });
    this.worker.on('exit', (code) => died(`exit ${code}`));
  }

  /** True until the worker failed to open the store or died. */
  async usable(): Promise<boolean> {
    return (await this.ready) && this.alive;
  }

  /**
   * Pulls everything after the store's cursor in the worker (or up to `limit`); resolves when the
   * last page is applied, `complete` false when changes were left on the server.
   */
  pull(baseUrl: string, token: string, handlers: PullHandlers, limit?: { pageSize: number; maxPages: number }): Promise<PullResult> {
    if (this.running) return Promise.reject(new AgentError('INTERNAL', 'A pull is already running in the pull worker.'));
    return new Promise<PullResult>((resolve, reject) => {
      this.running = { ...handlers, resolve, reject };
      this.send({ type: 'pull', baseUrl, token, limit });
    });
  }

  /** Stops a running pull after its current page, closes the worker's connection and ends the thread. */
  async close(): Promise<void> {
    if (this.alive) {
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.send({ type: 'close' });
      await exited;
    }
    await this.fetcher?.terminate();
  }

  private send(message: ToPullWorker): void {
    this.worker.postMessage(message);
  }
}

/**
 * The core's pull worker for the store `db` is open on (same file, same key): while it is
 * usable it also takes the store's checkpoints off the host's loop (wal-checkpoints.ts), and it
 * gives way to every write on `db` (write-priority.ts). Its page fetcher is started beside it
 * (page-fetcher-client.ts). `init.key` is zeroed here once copied.
 */
export function startPullWorker(db: Db, init: ConstructorParameters<typeof PullWorkerClient>[0], log: Logger): PullWorkerClient {
  const coreWrites = coreWriteCounter();
  announceCoreWrites(db, coreWrites);
  const fetcher = startPageFetcher(log.child({ part: 'page-fetcher' }));
  return new PullWorkerClient({ ...init, coreWrites, fetcherPort: fetcher?.port }, log, pullWorkerEntry(), (usable) => leaveCheckpointsToWorker(db, usable), fetcher?.worker ?? null);
}
