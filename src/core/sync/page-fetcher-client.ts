import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { AgentError, type PullResponse } from '../../contract';
import type { Logger } from '../log';
import { FromPageFetcher, type ToPageFetcher } from './page-fetcher-protocol';
import type { PageSource, PageStream } from './page-stream';
import { syncWorkerEntry, workerExecArgv } from './worker-entry';

/** The page fetcher's code (worker-entry.ts). */
export const pageFetcherEntry = (): string => syncWorkerEntry('page-fetcher');

/** One run's pages as they arrive from the fetcher thread, in order. */
class FetchedPages implements PageStream {
  private readonly inHand: string[] = [];
  private waiting: { resolve(page: PullResponse): void; reject(err: AgentError): void } | null = null;
  private failure: AgentError | null = null;
  private stopped = false;

  constructor(
    readonly run: number,
    private readonly send: (message: ToPageFetcher) => void,
  ) {}

  next(): Promise<PullResponse> {
    const page = this.arrived();
    if (page) return Promise.resolve(page);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  arrived(): PullResponse | undefined {
    const json = this.inHand.shift();
    return json === undefined ? undefined : this.take(json);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.send({ type: 'stop', run: this.run });
  }

  arrive(json: string): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting.resolve(this.take(json));
    else this.inHand.push(json);
  }

  fail(err: AgentError): void {
    this.failure ??= err;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(this.failure);
  }

  private take(json: string): PullResponse {
    this.send({ type: 'taken', run: this.run });
    // The fetcher sent JSON.stringify of a page it had validated against PullResponse (zod's
    // defaults applied; the schema has no transforms), so this is that page again: validating
    // it twice would put zod's cost back on the writing thread, which is what the fetcher is for.
    return JSON.parse(json) as PullResponse;
  }
}

/**
 * Starts the page fetcher thread beside the pull worker (page-fetcher.ts), from the core's
 * thread: both threads load at once instead of one after the other (under tsx each takes
 * 300–400 ms, and the fetcher's load was on the first page's path). Returns the thread, for
 * closing it with the pull worker, and the port the pull worker talks to it on (transfer it);
 * null when the thread cannot be started (the pull worker then fetches on its own thread).
 */
export function startPageFetcher(log: Logger, entry: string = pageFetcherEntry()): { readonly worker: Worker; readonly port: MessagePort } | null {
  const { port1, port2 } = new MessageChannel();
  try {
    const worker = new Worker(entry, {
      workerData: { port: port2 },
      transferList: [port2],
      execArgv: workerExecArgv(entry),
      // Each page is garbage once sent: a small young generation keeps the thread's memory to
      // about a page's worth (as the pull worker's: pull-worker-client.ts).
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on('error', (err) => log.error('page fetcher failed; the pull worker fetches on its own thread from now on', { error: err }));
    return { worker, port: port1 };
  } catch (err) {
    log.warn('page fetcher not started; the pull worker fetches on its own thread', { message: err instanceof Error ? err.message : String(err) });
    port1.close();
    return null;
  }
}

/**
 * The pull worker's side of its page fetcher, over the port startPageFetcher made. `usable`
 * turns false when the port closes (the fetcher thread ended); the pull that was running fails
 * with INTERNAL (the schedule retries it) and later pulls fetch on the pull worker's own thread
 * (inlinePages) instead.
 */
export class PageFetcherClient {
  private alive = true;
  private runs = 0;
  private active: FetchedPages | null = null;

  constructor(
    private readonly port: MessagePort,
    private readonly log: Logger,
  ) {
    port.on('message', (raw: unknown) => {
      const parsed = FromPageFetcher.safeParse(raw);
      if (!parsed.success) {
        this.log.error('page fetcher sent a message this pull worker does not understand', { issue: parsed.error.issues[0]?.message });
        this.active?.fail(new AgentError('INTERNAL', 'The page fetcher sent a message this app does not understand.'));
        return;
      }
      const m = parsed.data;
      if (this.active?.run !== m.run) return;
      if (m.type === 'page') this.active.arrive(m.json);
      else this.active.fail(new AgentError(m.error.code, m.error.message));
    });
    port.on('close', () => {
      if (!this.alive) return;
      this.alive = false;
      this.log.error('page fetcher stopped; fetching on the pull worker from now on');
      this.active?.fail(new AgentError('INTERNAL', 'The page fetcher stopped.'));
    });
  }

  /** True until the fetcher thread ended. */
  get usable(): boolean {
    return this.alive;
  }

  /** Pages from `baseUrl` with `token`, fetched on the fetcher's thread. One run at a time: a new one ends the last. */
  source(baseUrl: string, token: string): PageSource {
    return (cursor, pageSize, maxPages) => {
      this.active?.fail(new AgentError('INTERNAL', 'A newer pull replaced this one.'));
      const stream = new FetchedPages(++this.runs, (message) => this.alive && this.port.postMessage(message));
      this.active = stream;
      if (!this.alive) stream.fail(new AgentError('INTERNAL', 'The page fetcher has stopped.'));
      else this.port.postMessage({ type: 'fetch', run: stream.run, baseUrl, token, cursor, pageSize, maxPages } satisfies ToPageFetcher);
      return stream;
    };
  }

  /** Stops talking to the fetcher; the core ends its thread with the pull worker (pull-worker-client.ts). */
  close(): void {
    this.active?.fail(new AgentError('INTERNAL', 'The page fetcher was closed.'));
    this.alive = false;
    this.port.close();
  }
}
