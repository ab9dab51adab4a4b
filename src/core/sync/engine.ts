import type { HeartbeatInput, PokeMessage, ServerAgent, SignInResponse, SyncProgress, SyncRejection, SyncStatus } from '../../contract';
import { AgentError } from '../../contract';
import { systemClock, type Clock } from '../clock';
import type { NormalizeNumber } from '../contacts/phone-number';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import type { KeyVault } from '../vault/key-vault';
import { Outbox } from './outbox';
import { inlinePages } from './page-stream';
import { PendingSignOuts } from './pending-sign-outs';
import { HeartbeatSender } from './heartbeat';
import { PokeListener } from './poke-listener';
import { PullApplier, type ApplySummary, type PullApplierOptions } from './pull-apply';
import { pullAll, type PullOutcome } from './pull-loop';
import type { PullWorkerClient } from './pull-worker-client';
import { Pusher } from './pusher';
import { DEFAULT_BACKOFF, initialSchedule, nextSchedule, type Backoff, type ScheduleConfig, type ScheduleEffect, type ScheduleEvent, type ScheduleState } from './schedule';
import { SyncSession } from './session';
import { transferBudget, type TransferBudget } from './transfer-budget';
import { SyncHttp } from './sync-http';
import { initialLine, nextLine, syncOnline, type LineEvent, type LineFacts } from './sync-online';
import { emptySyncStats, type SyncStats } from './sync-stats';
import type { SyncStatusTracker } from './sync-status';

export { backoffDelay, DEFAULT_BACKOFF } from './schedule';
export { syncTokenAccount } from './session';
export { pendingSignOutsAccount } from './pending-sign-outs';
export type { SyncStats } from './sync-stats';

export interface SyncEngineOptions {
  readonly db: Db;
  readonly vault: KeyVault;
  /** The keychain scope of this store's sync token (the profile, or the profile's agent store). */
  readonly profile: string;
  /** The workstation as the server knows it (IT revokes it by this id); the store's client id by default. */
  readonly deviceId?: string;
  /** The keychain scope of sign-outs waiting for the server: the whole profile, whichever agent sent them. */
  readonly signOutScope?: string;
  readonly serverUrl: string;
  readonly status: SyncStatusTracker;
  /** Environment.onNetworkChange: the host saying the network came back means "try now". */
  readonly onNetworkChange: (listener: (online: boolean) => void) => () => void;
  readonly log: Logger;
  /** Time and timers of the schedule (the core's clock; tests may pass a fake). */
  readonly clock?: Clock;
  readonly pushBatchSize?: number;
  readonly pushBatchBytes?: number;
  readonly pullPageSize?: number;
  /** How long after a local change to push: a burst of edits goes in one request. */
  readonly pushDelayMs?: number;
  readonly backoff?: Backoff;
  readonly random?: () => number;
  /** Off only where a test drives pulls itself. */
  readonly poke?: boolean;
  readonly onRejected?: (rejection: SyncRejection) => void;
  readonly onApplied?: (summary: ApplySummary) => void;
  readonly onSession?: (agent: ServerAgent | null) => void;
  readonly onPoke?: (message: PokeMessage) => void;
  /** Reads pulled calls' numbers in the workstation's default country. */
  readonly normalizeNumber?: NormalizeNumber;
  /** The heartbeat for the supervisors' board (heartbeat.ts), sent on the poke socket when the server asks for one. */
  readonly heartbeat?: () => HeartbeatInput;
  /**
   * Pulls run here, off the host's event loop, while it is usable (pull-worker-client.ts);
   * without it (tests, the bench's baseline) they run on the engine's own loop.
   */
  readonly pullWorker?: PullWorkerClient | null;
  /** How pages pulled on the engine's own loop are applied (the bench's row-by-row baseline). */
  readonly pullApplier?: PullApplierOptions;
  /**
   * Whether the agent is on a call now: bulk transfers wait until it ends (transfer-budget.ts);
   * the core tells the engine with callEnded(). Absent = never on a call.
   */
  readonly callLive?: () => boolean;
}

/** Answers that mean the token is no good any more: the agent signs in again (issue 15 A5). */
const SESSION_ENDED: ReadonlySet<string> = new Set(['UNAUTHORIZED', 'NOT_SIGNED_IN', 'SESSION_EXPIRED', 'DEVICE_REVOKED']);

/**
 * The client sync engine, in the core: it carries out the schedule (schedule.ts) on the core's
 * clock. An attempt pushes the outbox (pusher.ts) then pulls after the cursor (pull-loop.ts);
 * the poke socket (poke-listener.ts) and the session (session.ts) feed the schedule events.
 */
export class SyncEngine {
  readonly stats: SyncStats = emptySyncStats();
  private readonly http: SyncHttp;
  private readonly applier: PullApplier;
  private readonly session: SyncSession;
  private readonly signOuts: PendingSignOuts;
  private readonly pusher: Pusher;
  private readonly poke: PokeListener;
  private readonly heartbeat: HeartbeatSender | null;
  private readonly clock: Clock;
  private readonly config: ScheduleConfig;
  private schedule: ScheduleState = initialSchedule;
  /** What the engine knows of its line, for sync-online.ts's rule (the status bar's Online). */
  private line: LineFacts;
  private cancelRecheck: (() => void) | null = null;
  private cancelTimer: (() => void) | null = null;
  private cancelReconnect: (() => void) | null = null;
  /** Resolves when the running attempt (with its reruns) ends. */
  private attemptEnded: { promise: Promise<void>; resolve: () => void } | null = null;
  /** The error of the attempt that just failed, for the backoff's log line. */
  private failure: AgentError | null = null;
  private readonly waiters: Array<() => void> = [];
  /** IT revoked this device: the token is kept only for pushBeforeWipe. */
  private revoked = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: SyncEngineOptions) {
    this.clock = o.clock ?? systemClock;
    this.config = { pushDelayMs: o.pushDelayMs ?? 150, backoff: o.backoff ?? DEFAULT_BACKOFF };
    this.line = initialLine(o.poke !== false);
    this.http = new SyncHttp(o.serverUrl.replace(/\/+$/, ''));
    this.applier = new PullApplier(o.db, o.log, o.normalizeNumber, o.pullApplier);
    this.session = new SyncSession(o.db, o.vault, o.profile, this.http);
    this.signOuts = new PendingSignOuts(o.vault, o.signOutScope ?? o.profile, (token) => this.http.signOut(token));
    this.pusher = new Pusher({
      db: o.db,
      http: this.http,
      status: o.status,
      stats: this.stats,
      log: o.log,
      now: () => this.clock.now(),
      batchSize: o.pushBatchSize,
      batchBytes: o.pushBatchBytes,
      onRejected: o.onRejected,
    });
    this.poke = new PokeListener(this.http.pokeUrl(), this.clock, {
      onOpen: () => {
        this.onLine({ type: 'poke-open' });
        this.dispatch({ type: 'poke-open' });
      },
      onMessage: (message) => {
        this.stats.pokes++;
        this.o.onPoke?.(message);
        if (message.type === 'hello' && message.heartbeatMs !== undefined) this.heartbeat?.start(message.heartbeatMs);
        // An old numeric cursor says which versions it has; a (transaction, version) cursor does
        // not (versions commit out of order), and the server pokes only agents a change concerns.
        const cursor = this.applier.cursor();
        if (message.type === 'hello' || typeof cursor !== 'number' || message.version > cursor) this.dispatch({ type: 'wanted', at: this.now() });
      },
      onClose: () => {
        this.heartbeat?.stop();
        this.onLine({ type: 'poke-closed' });
        this.dispatch({ type: 'poke-closed', at: this.now(), jitter: this.jitter() });
      },
    });
    this.heartbeat = o.heartbeat ? new HeartbeatSender(this.clock, o.heartbeat, (text) => this.poke.send(text)) : null;
  }

  /** A call changed: if none is live any more, what a call held back goes now. */
  callEnded(): void {
    if (!this.o.callLive?.()) this.dispatch({ type: 'call-ended', at: this.now() });
  }

  /** Something the supervisors' board shows changed: a heartbeat goes soon, if the socket is open. */
  heartbeatChanged(): void {
    this.heartbeat?.changed();
  }

  /** The signed-in agent; null once the server ended the session (also while a revoked device keeps its token for the final push). */
  get agent(): ServerAgent | null {
    return this.revoked ? null : this.session.agent;
  }

  /** Picks up the token from the keychain and starts syncing if there is one. */
  async start(): Promise<void> {
    this.unsubscribe.push(
      Outbox.for(this.o.db).subscribe(() => this.dispatch({ type: 'local-change', at: this.now() })),
      this.o.onNetworkChange((online) => {
        if (!online) this.onLine({ type: 'network-down' });
        else this.sendSignOuts();
        this.dispatch({ type: 'network', online, at: this.now() });
      }),
    );
    this.sendSignOuts();
    const signedIn = await this.session.load();
    this.o.onSession?.(this.agent);
    if (signedIn) {
      this.onLine({ type: 'signed-in' });
      this.dispatch({ type: 'signed-in', at: this.now() });
    } else this.onLine({ type: 'signed-out' }, { lastError: { code: 'NOT_SIGNED_IN', message: 'Sign in to sync with the server.' } });
  }

  async signIn(username: string, password: string): Promise<ServerAgent> {
    return this.signedIn(await this.session.signIn(username, password, this.o.deviceId));
  }

  /** Takes a session already issued by the server (the workstation opening this agent's store). */
  async adopt(res: SignInResponse): Promise<ServerAgent> {
    return this.signedIn(await this.session.adopt(res));
  }

  private signedIn(agent: ServerAgent): ServerAgent {
    this.revoked = false;
    this.o.onSession?.(agent);
    this.onLine({ type: 'signed-in' }, { lastError: null });
    this.dispatch({ type: 'signed-in', at: this.now() });
    return agent;
  }

  /**
   * Signs out here at once; the server revokes the token now, or, when it cannot be reached,
   * when the line returns (pending-sign-outs.ts). Resolves 'pending' in that case.
   */
  async signOut(): Promise<'sent' | 'pending' | 'none'> {
    const forgotten = this.session.signOut();
    this.dispatch({ type: 'signed-out' });
    const token = await forgotten;
    this.o.onSession?.(null);
    this.onLine({ type: 'signed-out' }, { lastError: { code: 'NOT_SIGNED_IN', message: 'Signed out: changes stay on this workstation until you sign in.' } });
    return token === null ? 'none' : this.signOuts.signOut(token);
  }

  /** Sends the sign-outs made offline (at start, on network back, after a good sync); resolves when tried. */
  sendPendingSignOuts(): Promise<void> {
    return this.signOuts.flush();
  }

  /** Tokens whose sign-out the server has not heard yet. */
  pendingSignOuts(): Promise<number> {
    return this.signOuts.pending().then((t) => t.length);
  }

  private sendSignOuts(): void {
    this.signOuts.flush().catch((err: unknown) => this.o.log.warn('sending pending sign-outs failed', { error: err }));
  }

  /** One attempt now, whatever the backoff. */
  async syncNow(): Promise<SyncStatus> {
    this.dispatch({ type: 'now' });
    await this.attemptEnded?.promise;
    return this.o.status.get();
  }

  /** Resolves after the next attempt that ends with the outbox empty and everything pulled. */
  whenSynced(): Promise<void> {
    const p = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.dispatch({ type: 'wanted', at: this.now() });
    return p;
  }

  /**
   * The last push of a workstation IT revoked (issue 15 B2): pushes what the outbox holds with
   * the ended token, which the server accepts while IT's final-push window lasts, then forgets
   * the token. Resolves the mutations left unpushed (lost with the wipe); never throws.
   */
  async pushBeforeWipe(): Promise<number> {
    try {
      if (this.session.signedIn) await this.pusher.pushAll(() => this.session.requireToken(), this.session.clientId);
    } catch (err) {
      this.o.log.warn('the final push before the wipe failed', { error: err });
    }
    await this.session.expired().catch(() => undefined);
    this.revoked = false;
    return Outbox.for(this.o.db).pending();
  }

  rejections(): SyncRejection[] {
    return this.pusher.rejections();
  }

  dismissRejection(mutationId: string): void {
    this.pusher.dismissRejection(mutationId);
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    this.heartbeat?.stop();
    this.dispatch({ type: 'stop' });
    this.cancelRecheck?.();
    this.cancelRecheck = null;
    await this.attemptEnded?.promise;
  }

  /** True once the poke socket is open: tests wait on it instead of sleeping. */
  get pokeConnected(): boolean {
    return this.poke.connected;
  }

  /** Pongs the poke socket has heard (PokeListener.pongs): tests wait on ping rounds with it. */
  get pokePongs(): number {
    return this.poke.pongs;
  }

  // ------------------------------------------------------------------------------------------

  private now(): number {
    return this.clock.now().getTime();
  }

  private jitter(): number {
    return (this.o.random ?? Math.random)();
  }

  /**
   * Tells the Online rule (sync-online.ts) what happened and shows its answer, with `patch` in the
   * same status update; re-asks the rule when a recent answer runs out.
   */
  private onLine(event: LineEvent, patch: Partial<SyncStatus> = {}): void {
    this.line = nextLine(this.line, event);
    this.showOnline(patch);
  }

  private showOnline(patch: Partial<SyncStatus> = {}): void {
    const { online, recheckAt } = syncOnline(this.line, this.now());
    this.cancelRecheck?.();
    this.cancelRecheck = null;
    if (recheckAt !== null && !this.schedule.stopped)
      this.cancelRecheck = this.clock.setTimer(() => {
        this.cancelRecheck = null;
        this.showOnline();
      }, recheckAt - this.now());
    this.o.status.update({ ...patch, online });
  }

  /** Runs the schedule's transition and carries out its effects. */
  private dispatch(event: ScheduleEvent): void {
    const { state, effects } = nextSchedule(this.config, this.schedule, event);
    this.schedule = state;
    for (const effect of effects) this.carryOut(effect);
    if (!this.schedule.running && this.attemptEnded) {
      const ended = this.attemptEnded;
      this.attemptEnded = null;
      ended.resolve();
    }
  }

  private carryOut(effect: ScheduleEffect): void {
    switch (effect.type) {
      case 'arm':
        this.cancelTimer?.();
        this.cancelTimer = this.clock.setTimer(() => {
          this.cancelTimer = null;
          this.dispatch({ type: 'timer' });
        }, effect.at - this.now());
        return;
      case 'disarm':
        this.cancelTimer?.();
        this.cancelTimer = null;
        return;
      case 'attempt':
        this.attempt();
        return;
      case 'succeeded': {
        this.sendSignOuts();
        const rejected = this.pusher.rejections().length > 0;
        const lastError = this.o.status.get().lastError;
        this.onLine(
          { type: 'answered', at: this.now() },
          {
            lastSyncAt: this.clock.now().toISOString(),
            lastError: rejected && lastError?.code === 'SYNC_REJECTED' ? lastError : null,
          },
        );
        return;
      }
      case 'synced':
        for (const w of this.waiters.splice(0)) w();
        return;
      case 'backing-off': {
        const e = this.failure;
        if (e) this.o.log.debug('sync attempt failed', { code: e.code, message: e.message, retryInMs: Math.round(effect.retryInMs) });
        return;
      }
      case 'connect-poke': {
        this.cancelReconnect?.();
        this.cancelReconnect = null;
        const connect = () => {
          if (this.o.poke !== false && this.session.signedIn && !this.schedule.stopped) this.poke.connect(this.session.requireToken());
        };
        const wait = effect.at - this.now();
        if (wait <= 0) connect();
        else
          this.cancelReconnect = this.clock.setTimer(() => {
            this.cancelReconnect = null;
            connect();
          }, wait);
        return;
      }
      case 'close-poke':
        this.cancelReconnect?.();
        this.cancelReconnect = null;
        // Closed on purpose, so the listener says nothing: the rule hears it here.
        if (this.poke.open) this.onLine({ type: 'poke-closed' });
        this.poke.close();
        return;
    }
  }

  /** One round: push everything, then pull everything; tells the schedule how it ended. */
  private attempt(): void {
    if (!this.attemptEnded) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      this.attemptEnded = { promise, resolve };
    }
    const token = () => this.session.requireToken();
    void (async () => {
      let deferred: boolean;
      let behindHorizon = false;
      try {
        const budget = transferBudget(
          { callLive: this.o.callLive?.() ?? false, cursor: this.applier.cursor() },
          { pushBatchSize: this.o.pushBatchSize ?? 500, pushBatchBytes: this.o.pushBatchBytes ?? 4 * 1024 * 1024, pullPageSize: this.o.pullPageSize ?? 100 },
        );
        const pushed = await this.pusher.pushAll(token, this.session.clientId, budget.push);
        const pulled = budget.pull ? await this.pull(token, budget.pull) : null;
        deferred = pushed === 'deferred' || !pulled?.complete;
        behindHorizon = pulled?.behindHorizon ?? false;
        if (deferred) this.o.log.debug('sync: bulk transfers wait for the call to end', { push: pushed, pull: pulled ? (pulled.complete ? 'done' : 'partial') : 'deferred' });
      } catch (err) {
        await this.failed(err);
        return;
      }
      // Stopped meanwhile (sign-out, shutdown): the store may be closed by now — reading it threw
      // out of this task and took the host down — so the attempt ends without reading it. It must
      // still end: stop() waits for it, and returning here without a word left stop() waiting
      // for ever (the poke test's afterAll hang, 2 runs in 7 on a busy machine).
      const outboxEmpty = this.schedule.stopped ? false : Outbox.for(this.o.db).pending() === 0;
      this.dispatch({ type: 'attempt-ok', at: this.now(), outboxEmpty, deferred, behindHorizon });
    })();
  }

  /**
   * Pulls after the cursor, to the end or as far as `budget` allows, in the pull worker when
   * there is a usable one; progress goes to the status bar. `complete` false when changes were
   * left; `behindHorizon` when the last page was served short of the server's horizon.
   */
  private async pull(token: () => string, budget: NonNullable<TransferBudget['pull']>): Promise<PullOutcome> {
    const onProgress = (progress: SyncProgress) => this.o.status.update({ progress });
    const limit = budget.maxPages === null ? undefined : { pageSize: budget.pageSize, maxPages: budget.maxPages };
    try {
      const worker = this.o.pullWorker;
      if (worker && (await worker.usable())) {
        const { stats: s, complete, behindHorizon } = await worker.pull(this.http.baseUrl, token(), { onApplied: this.o.onApplied, onProgress }, limit);
        this.stats.pullRequests += s.pullRequests;
        this.stats.pagesOver50Ms += s.pagesOver50Ms;
        this.stats.slowestPageMs = Math.max(this.stats.slowestPageMs, s.slowestPageMs);
        return { complete, behindHorizon };
      }
      return await pullAll(inlinePages(this.http, token), this.applier, this.stats, { pageSize: budget.pageSize, maxPages: limit?.maxPages, onApplied: this.o.onApplied, onProgress });
    } finally {
      if (this.o.status.get().progress) this.o.status.update({ progress: undefined });
    }
  }

  private async failed(err: unknown): Promise<void> {
    const e = err instanceof AgentError ? err : new AgentError('INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
    if (!this.schedule.stopped && SESSION_ENDED.has(e.code)) {
      // The server no longer accepts this token: retrying cannot help, signing in does. The
      // agent is told why: expired, password changed, or the device revoked by IT.
      // A revoked device keeps its token until it wipes: the server still takes its final push
      // (server/auth.ts), made once the agent's call and wrap-up are over (pushBeforeWipe).
      this.revoked = e.code === 'DEVICE_REVOKED';
      const expired = this.revoked ? Promise.resolve() : this.session.expired();
      this.dispatch({ type: 'attempt-unauthorized' });
      await expired;
      const lastError = e.code === 'SESSION_EXPIRED' || e.code === 'DEVICE_REVOKED' ? e.toShape() : { code: 'NOT_SIGNED_IN' as const, message: 'The session with the sync server ended; sign in again.' };
      // The reason first: whoever hears the session end reads it from the status.
      this.onLine({ type: 'signed-out' }, { lastError });
      this.o.onSession?.(null);
      return;
    }
    // No answer at all is Offline at once; an answer that was an error (a 5xx, a refusal) is the server, reachable.
    // Signed out meanwhile: the status keeps saying so (schedule.ts, attempt-ok likewise).
    if (!this.schedule.stopped && this.schedule.session) this.onLine(e.code === 'SERVER_UNREACHABLE' ? { type: 'unreachable' } : { type: 'answered', at: this.now() }, { lastError: e.toShape() });
    this.failure = e;
    this.dispatch({ type: 'attempt-failed', at: this.now(), jitter: this.jitter() });
    this.failure = null;
  }
}
