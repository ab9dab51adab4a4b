import { performance } from 'node:perf_hooks';
import type { NormalizeNumber } from '../contacts/phone-number';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  AgentError,
  ErrorCode,
  Mutation,
  PokeMessage,
  ServerAgent,
  type AgentErrorShape,
  type PushOutcome,
  type SyncRejection,
  type SyncStatus,
} from '../../contract';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import type { KeyVault } from '../vault/key-vault';
import { Outbox, type OutboxRow } from './outbox';
import { PullApplier, type ApplySummary } from './pull-apply';
import { SyncHttp, isTransient } from './sync-http';
import type { SyncStatusTracker } from './sync-status';

export const syncTokenAccount = (profile: string) => `sync-token:${profile}`;

export interface SyncEngineOptions {
  readonly db: Db;
  readonly vault: KeyVault;
  readonly profile: string;
  readonly serverUrl: string;
  readonly status: SyncStatusTracker;
  /** Environment.onNetworkChange: the host saying the network came back means "try now". */
  readonly onNetworkChange: (listener: (online: boolean) => void) => () => void;
  readonly log: Logger;
  readonly pushBatchSize?: number;
  readonly pushBatchBytes?: number;
  readonly pullPageSize?: number;
  /** How long after a local change to push: a burst of edits goes in one request. */
  readonly pushDelayMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly random?: () => number;
  /** Off only where a test drives pulls itself. */
  readonly poke?: boolean;
  readonly onRejected?: (rejection: SyncRejection) => void;
  readonly onApplied?: (summary: ApplySummary) => void;
  readonly onSession?: (agent: ServerAgent | null) => void;
  readonly onPoke?: (message: PokeMessage) => void;
  /** Reads pulled calls' numbers in the workstation's default country. */
  readonly normalizeNumber?: NormalizeNumber;
}

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

export const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 60_000 } as const;

/**
 * The wait before retry number `failures` (1, 2, …): doubling from baseMs up to maxMs, with
 * "equal jitter" (between half and all of the step), so agents that lost the same link do not
 * all come back in the same instant, and none retries sooner than half the step.
 */
export function backoffDelay(failures: number, b: { baseMs: number; maxMs: number }, random: () => number): number {
  const ceiling = Math.min(b.maxMs, b.baseMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

const Setting = { clientId: 'sync.client_id', agent: 'sync.agent', cursorAgent: 'sync.cursor_agent' } as const;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The client sync engine. It runs in the core: it pushes the outbox in order soon after each
 * local change, pulls after its cursor page by page, listens for pokes, backs off with jitter
 * while the server is unreachable and tries at once when the host reports the network back.
 * One attempt runs at a time; anything that asks for another while one runs gets a rerun.
 */
export class SyncEngine {
  readonly stats: SyncStats = { pushRequests: 0, pushFailures: 0, pullRequests: 0, pokes: 0, applied: 0, duplicates: 0, rejected: 0, slowestPageMs: 0, pagesOver50Ms: 0 };
  private readonly http: SyncHttp;
  private readonly applier: PullApplier;
  private readonly clientId: string;
  private token: string | null = null;
  private currentAgent: ServerAgent | null = null;
  private inFlight: Promise<boolean> | null = null;
  private rerun = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  private failures = 0;
  private stopped = false;
  private socket: WebSocket | null = null;
  private socketTimer: NodeJS.Timeout | null = null;
  private socketFailures = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly unsubscribe: Array<() => void> = [];
  private readonly s;
  private readonly outbox: Outbox;

  constructor(private readonly o: SyncEngineOptions) {
    this.http = new SyncHttp(o.serverUrl.replace(/\/+$/, ''));
    this.applier = new PullApplier(o.db, o.log, o.normalizeNumber);
    this.outbox = Outbox.for(o.db);
    this.s = {
      getSetting: o.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setSetting: o.db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      deleteSetting: o.db.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
      deleteOutbox: o.db.prepare<[string]>('DELETE FROM outbox WHERE mutation_id = ?'),
      markAttempt: o.db.prepare<[string, string]>('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE mutation_id = ?'),
      reject: o.db.prepare(
        `INSERT OR REPLACE INTO sync_rejections (mutation_id, kind, payload, code, message, rejected_at)
         VALUES (@mutationId, @kind, @payload, @code, @message, @rejectedAt)`,
      ),
      rejections: o.db.prepare<[], { mutation_id: string; kind: string; code: string; message: string; rejected_at: string }>(
        'SELECT mutation_id, kind, code, message, rejected_at FROM sync_rejections WHERE dismissed_at IS NULL ORDER BY rejected_at',
      ),
      dismiss: o.db.prepare<[string, string]>('UPDATE sync_rejections SET dismissed_at = ? WHERE mutation_id = ?'),
      history: o.db.prepare<[string], Record<string, string | number | null>>(
        `SELECT id, contact_id, field, losing_value, winning_value, losing_agent_id, winning_agent_id, recorded_at
         FROM contact_history WHERE contact_id = ? ORDER BY server_version`,
      ),
    };
    this.clientId = this.s.getSetting.get(Setting.clientId)?.value ?? this.newClientId();
    const agent = this.s.getSetting.get(Setting.agent)?.value;
    const parsed = agent ? ServerAgent.safeParse(JSON.parse(agent)) : null;
    this.currentAgent = parsed?.success ? parsed.data : null;
  }

  private newClientId(): string {
    const id = randomUUID();
    this.s.setSetting.run(Setting.clientId, id);
    return id;
  }

  get agent(): ServerAgent | null {
    return this.token ? this.currentAgent : null;
  }

  /** Picks up the token from the keychain and starts syncing if there is one. */
  async start(): Promise<void> {
    this.unsubscribe.push(
      this.outbox.subscribe(() => {
        // In backoff the timer is already set: a keystroke must not hammer a dead server.
        if (this.failures === 0) this.kick(this.o.pushDelayMs ?? 150);
      }),
      this.o.onNetworkChange((online) => {
        if (!online) {
          this.o.status.update({ online: false });
          return;
        }
        this.failures = 0;
        this.socketFailures = 0;
        this.kick(0);
        this.connectPoke();
      }),
    );
    this.token = await this.o.vault.get(syncTokenAccount(this.o.profile));
    this.o.onSession?.(this.agent);
    if (this.token) {
      this.connectPoke();
      this.kick(0);
    } else {
      this.o.status.update({ online: false, lastError: { code: 'NOT_SIGNED_IN', message: 'Sign in to sync with the server.' } });
    }
  }

  async signIn(username: string, password: string): Promise<ServerAgent> {
    const res = await this.http.signIn({ username, password });
    await this.o.vault.set(syncTokenAccount(this.o.profile), res.token);
    // Another agent sees other calls and callbacks: its first pull starts from the beginning
    // (pulled rows merge idempotently, so nothing already here is lost).
    const cursorOwner = this.s.getSetting.get(Setting.cursorAgent)?.value;
    this.o.db.transaction(() => {
      if (cursorOwner !== undefined && cursorOwner !== res.agent.id) this.o.db.prepare('UPDATE sync_state SET cursor = 0 WHERE id = 1').run();
      this.s.setSetting.run(Setting.cursorAgent, res.agent.id);
    })();
    this.token = res.token;
    this.currentAgent = res.agent;
    this.s.setSetting.run(Setting.agent, JSON.stringify(res.agent));
    this.o.onSession?.(res.agent);
    this.failures = 0;
    this.o.status.update({ lastError: null });
    this.connectPoke();
    this.kick(0);
    return res.agent;
  }

  async signOut(): Promise<void> {
    const token = this.token;
    this.token = null;
    this.closePoke();
    this.clearTimer();
    await this.o.vault.delete(syncTokenAccount(this.o.profile));
    this.s.deleteSetting.run(Setting.agent);
    this.currentAgent = null;
    this.o.onSession?.(null);
    this.o.status.update({ online: false, lastError: { code: 'NOT_SIGNED_IN', message: 'Signed out: changes stay on this workstation until you sign in.' } });
    if (token) await this.http.signOut(token).catch(() => undefined);
  }

  /** One attempt now, whatever the backoff. */
  async syncNow(): Promise<SyncStatus> {
    this.failures = 0;
    await this.run();
    return this.o.status.get();
  }

  /** Resolves after the next attempt that ends with the outbox empty and everything pulled. */
  whenSynced(): Promise<void> {
    const p = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.kick(0);
    return p;
  }

  rejections(): SyncRejection[] {
    return this.s.rejections.all().map((r) => ({ mutationId: r.mutation_id, kind: r.kind, code: AgentErrorCode(r.code), message: r.message, rejectedAt: r.rejected_at }));
  }

  dismissRejection(mutationId: string): void {
    this.s.dismiss.run(new Date().toISOString(), mutationId);
    if (this.rejections().length === 0 && this.o.status.get().lastError?.code === 'SYNC_REJECTED') this.o.status.update({ lastError: null });
  }

  contactHistory(contactId: string) {
    return this.s.history.all(contactId).map((r) => ({
      id: String(r.id),
      contactId: String(r.contact_id),
      field: String(r.field),
      losingValue: JSON.parse(String(r.losing_value)) as unknown,
      winningValue: JSON.parse(String(r.winning_value)) as unknown,
      losingAgentId: r.losing_agent_id === null ? null : String(r.losing_agent_id),
      winningAgentId: r.winning_agent_id === null ? null : String(r.winning_agent_id),
      recordedAt: String(r.recorded_at),
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.clearTimer();
    this.closePoke();
    await this.inFlight?.catch(() => false);
  }

  // ------------------------------------------------------------------------------------------

  private kick(delayMs: number): void {
    if (this.stopped || !this.token) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private backoffDelay(failures: number): number {
    return backoffDelay(failures, this.o.backoff ?? DEFAULT_BACKOFF, this.o.random ?? Math.random);
  }

  private run(): Promise<boolean> {
    if (this.inFlight) {
      this.rerun = true;
      return this.inFlight;
    }
    this.clearTimer();
    const attempt = (async (): Promise<boolean> => {
      try {
        do {
          this.rerun = false;
          await this.cycle();
        } while (this.rerun && !this.stopped && this.token);
        this.failures = 0;
        const rejected = this.rejections().length > 0;
        const lastError = this.o.status.get().lastError;
        this.o.status.update({
          online: true,
          lastSyncAt: new Date().toISOString(),
          lastError: rejected && lastError?.code === 'SYNC_REJECTED' ? lastError : null,
        });
        if (this.outbox.pending() === 0) for (const w of this.waiters.splice(0)) w();
        else this.kick(0);
        return true;
      } catch (err) {
        if (this.stopped) return false;
        const e = err instanceof AgentError ? err : new AgentError('INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
        if (e.code === 'UNAUTHORIZED' || e.code === 'NOT_SIGNED_IN') {
          // The server no longer knows this token: retrying cannot help, signing in does.
          this.token = null;
          this.closePoke();
          await this.o.vault.delete(syncTokenAccount(this.o.profile)).catch(() => false);
          this.o.onSession?.(null);
          this.o.status.update({ online: true, lastError: { code: 'NOT_SIGNED_IN', message: 'The session with the sync server ended; sign in again.' } });
          return false;
        }
        this.failures++;
        const delay = this.backoffDelay(this.failures);
        this.o.log.debug('sync attempt failed', { code: e.code, message: e.message, retryInMs: Math.round(delay) });
        this.o.status.update({ online: !isTransient(e) || e.code === 'INTERNAL', lastError: e.toShape() });
        this.kick(delay);
        return false;
      } finally {
        this.inFlight = null;
      }
    })();
    this.inFlight = attempt;
    return attempt;
  }

  private async cycle(): Promise<void> {
    await this.pushAll();
    await this.pullAll();
  }

  private async pushAll(): Promise<void> {
    const maxCount = this.o.pushBatchSize ?? 500;
    const maxBytes = this.o.pushBatchBytes ?? 4 * 1024 * 1024;
    for (;;) {
      const token = this.token ?? fail('NOT_SIGNED_IN', 'Sign in to sync.');
      const rows = this.outbox.peek(maxCount);
      if (rows.length === 0) return;
      const batch: Array<{ mutationId: string; mutation: Mutation }> = [];
      let bytes = 0;
      for (const row of rows) {
        if (!row.mutation) {
          // Written by a bug, not by the agent's intent: it can never be sent, so show it.
          this.recordRejections([{ row, error: { code: 'INVALID_INPUT', message: 'A local change was stored in a form the server cannot take.' } }]);
          continue;
        }
        if (batch.length > 0 && bytes + row.payload.length > maxBytes) break;
        bytes += row.payload.length;
        batch.push({ mutationId: row.mutationId, mutation: row.mutation });
      }
      if (batch.length === 0) continue;
      this.stats.pushRequests++;
      let outcomes: PushOutcome[];
      try {
        outcomes = (await this.http.push(token, { clientId: this.clientId, mutations: batch })).outcomes;
      } catch (err) {
        this.stats.pushFailures++;
        const message = err instanceof Error ? err.message : String(err);
        this.o.db.transaction(() => batch.forEach((b) => this.s.markAttempt.run(message, b.mutationId)))();
        throw err;
      }
      if (this.settle(rows, outcomes) === 0) {
        // Nothing confirmed or refused: sending the same batch again at once would spin.
        throw new AgentError('INTERNAL', 'The sync server answered a push without confirming any change.');
      }
      await yieldToLoop();
    }
  }

  /** Takes confirmed and refused mutations out of the outbox in one local transaction. */
  private settle(rows: readonly OutboxRow[], outcomes: readonly PushOutcome[]): number {
    const byId = new Map(rows.map((r) => [r.mutationId, r]));
    const rejected: Array<{ row: OutboxRow; error: AgentErrorShape }> = [];
    let settled = 0;
    this.o.db.transaction(() => {
      for (const o of outcomes) {
        const row = byId.get(o.mutationId);
        if (!row) continue; // an outcome for something not sent: ignore, never delete by it
        settled++;
        if (o.status === 'rejected') rejected.push({ row, error: o.error });
        else {
          this.s.deleteOutbox.run(o.mutationId);
          if (o.status === 'applied') this.stats.applied++;
          else this.stats.duplicates++;
        }
      }
      this.recordRejections(rejected);
    })();
    this.o.status.refreshPending();
    return settled;
  }

  private recordRejections(items: ReadonlyArray<{ row: OutboxRow; error: AgentErrorShape }>): void {
    if (items.length === 0) return;
    const now = new Date().toISOString();
    this.o.db.transaction(() => {
      for (const { row, error } of items) {
        this.s.reject.run({ mutationId: row.mutationId, kind: row.kind, payload: row.payload, code: error.code, message: error.message, rejectedAt: now });
        this.s.deleteOutbox.run(row.mutationId);
      }
    })();
    this.stats.rejected += items.length;
    this.o.status.refreshPending();
    for (const { row, error } of items) {
      this.o.log.warn('the server refused a change', { kind: row.kind, code: error.code });
      this.o.onRejected?.({ mutationId: row.mutationId, kind: row.kind, code: error.code, message: error.message, rejectedAt: now });
    }
    const last = items[items.length - 1];
    if (last) this.o.status.update({ lastError: { code: 'SYNC_REJECTED', message: `The server refused a change (${last.row.kind}): ${last.error.message}` } });
  }

  private async pullAll(): Promise<void> {
    // Each page is applied in one transaction on the host's event loop. Measured on 30,000
    // contacts (2 cores): 100 per page applies in ~15 ms p50 / ~85 ms p99 and pulls fastest
    // overall; 300 took ~42 ms p50 / ~216 ms p99, too long for main's ~50 ms budget.
    const limit = this.o.pullPageSize ?? 100;
    for (;;) {
      const token = this.token ?? fail('NOT_SIGNED_IN', 'Sign in to sync.');
      this.stats.pullRequests++;
      const page = await this.http.pull(token, this.applier.cursor(), limit);
      const started = performance.now();
      const summary = this.applier.applyPage(page);
      const held = performance.now() - started;
      this.stats.slowestPageMs = Math.max(this.stats.slowestPageMs, held);
      if (held > 50) this.stats.pagesOver50Ms++;
      if (page.changes.length > 0) this.o.onApplied?.(summary);
      if (!page.hasMore) return;
      // A large initial sync is many pages: let the host's event loop breathe between them.
      await yieldToLoop();
    }
  }

  private connectPoke(): void {
    if (this.o.poke === false || this.stopped || !this.token || this.socket) return;
    if (this.socketTimer) clearTimeout(this.socketTimer);
    this.socketTimer = null;
    const socket = new WebSocket(this.http.pokeUrl(), { headers: { authorization: `Bearer ${this.token}` }, handshakeTimeout: 15_000 });
    this.socket = socket;
    // The server pings every 25 s; silence for much longer means the path died without a close.
    let silence: NodeJS.Timeout | null = null;
    const listen = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => socket.terminate(), 70_000);
      silence.unref();
    };
    socket.on('open', () => {
      this.socketFailures = 0;
      listen();
    });
    socket.on('ping', listen);
    socket.on('message', (data) => {
      listen();
      const msg = PokeMessage.safeParse(safeJson(String(data)));
      if (!msg.success) return;
      this.stats.pokes++;
      this.o.onPoke?.(msg.data);
      if (msg.data.type === 'hello' || msg.data.version > this.applier.cursor()) this.kick(0);
    });
    socket.on('error', () => undefined); // 'close' follows and reconnects
    socket.on('close', () => {
      if (silence) clearTimeout(silence);
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped || !this.token) return;
      // A dropped poke socket is usually a dropped line: find out now, so the status bar says
      // offline within seconds rather than at the next local change.
      if (this.socketFailures === 0 && this.failures === 0) this.kick(0);
      this.socketFailures++;
      this.socketTimer = setTimeout(() => {
        this.socketTimer = null;
        this.connectPoke();
      }, this.backoffDelay(this.socketFailures));
    });
  }

  private closePoke(): void {
    if (this.socketTimer) clearTimeout(this.socketTimer);
    this.socketTimer = null;
    const s = this.socket;
    this.socket = null;
    s?.terminate();
  }

  /** True once the poke socket is open: tests wait on it instead of sleeping. */
  get pokeConnected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }
}

function fail(code: AgentErrorShape['code'], message: string): never {
  throw new AgentError(code, message);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function AgentErrorCode(code: string): AgentErrorShape['code'] {
  const r = ErrorCode.safeParse(code);
  return r.success ? r.data : 'SYNC_REJECTED';
}
