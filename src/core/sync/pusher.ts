import { AgentError, ErrorCode, type AgentErrorShape, type Mutation, type PushOutcome, type SyncRejection } from '../../contract';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { Outbox, type OutboxRow } from './outbox';
import type { SyncHttp } from './sync-http';
import type { SyncStatusTracker } from './sync-status';
import type { TransferBudget } from './transfer-budget';
import type { SyncStats } from './sync-stats';

export interface PusherOptions {
  readonly db: Db;
  readonly http: SyncHttp;
  readonly status: SyncStatusTracker;
  readonly stats: SyncStats;
  readonly log: Logger;
  readonly now: () => Date;
  /** Mutations per request, and bytes of their payloads (a single bigger one still goes alone). */
  readonly batchSize?: number;
  readonly batchBytes?: number;
  readonly onRejected?: (rejection: SyncRejection) => void;
}

export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Pushes the outbox in order, batch by batch, and settles each answer: confirmed mutations
 * leave the outbox, refused ones move to the rejections the agent sees (never retried).
 */
export class Pusher {
  private readonly outbox: Outbox;
  private readonly s;

  constructor(private readonly o: PusherOptions) {
    this.outbox = Outbox.for(o.db);
    this.s = {
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
    };
  }

  /**
   * Pushes until the outbox is empty, or until `budget` (transfer-budget.ts) is spent: resolves
   * 'deferred' when changes are left for later (a live call holds the rest back), else 'done'.
   * Order is kept: a mutation that does not fit stops the push there. Throws what the server or
   * the network answered.
   */
  async pushAll(token: () => string, clientId: string, budget?: TransferBudget['push']): Promise<'done' | 'deferred'> {
    const maxCount = budget?.maxCount ?? this.o.batchSize ?? 500;
    const maxBytes = budget?.maxBytes ?? this.o.batchBytes ?? 4 * 1024 * 1024;
    let requests = 0;
    for (;;) {
      const bearer = token();
      const rows = this.outbox.peek(maxCount);
      if (rows.length === 0) return 'done';
      if (budget?.maxRequests != null && requests >= budget.maxRequests) return 'deferred';
      const batch: Array<{ mutationId: string; mutation: Mutation }> = [];
      let bytes = 0;
      let tooBig = false;
      for (const row of rows) {
        if (!row.mutation) {
          // Written by a bug, not by the agent's intent: it can never be sent, so show it.
          this.recordRejections([{ row, error: { code: 'INVALID_INPUT', message: 'A local change was stored in a form the server cannot take.' } }]);
          continue;
        }
        if (bytes + row.payload.length > maxBytes && (batch.length > 0 || budget?.strictBytes)) {
          tooBig = batch.length === 0;
          break;
        }
        bytes += row.payload.length;
        batch.push({ mutationId: row.mutationId, mutation: row.mutation });
      }
      // The next change is bigger than this attempt may send: it waits, and what follows it too.
      if (tooBig) return 'deferred';
      if (batch.length === 0) continue;
      this.o.stats.pushRequests++;
      requests++;
      let outcomes: PushOutcome[];
      try {
        outcomes = (await this.o.http.push(bearer, { clientId, mutations: batch })).outcomes;
      } catch (err) {
        this.o.stats.pushFailures++;
        const message = err instanceof Error ? err.message : String(err);
        this.o.db.transaction(() => batch.forEach((b) => this.s.markAttempt.run(message, b.mutationId))).immediate();
        throw err;
      }
      if (this.settle(rows, outcomes) === 0) {
        // Nothing confirmed or refused: sending the same batch again at once would spin.
        throw new AgentError('INTERNAL', 'The sync server answered a push without confirming any change.');
      }
      await yieldToLoop();
    }
  }

  rejections(): SyncRejection[] {
    return this.s.rejections.all().map((r) => ({ mutationId: r.mutation_id, kind: r.kind, code: errorCode(r.code), message: r.message, rejectedAt: r.rejected_at }));
  }

  dismissRejection(mutationId: string): void {
    this.s.dismiss.run(this.o.now().toISOString(), mutationId);
    if (this.rejections().length === 0 && this.o.status.get().lastError?.code === 'SYNC_REJECTED') this.o.status.update({ lastError: null });
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
          if (o.status === 'applied') this.o.stats.applied++;
          else this.o.stats.duplicates++;
        }
      }
      this.recordRejections(rejected);
    }).immediate();
    this.o.status.refreshPending();
    return settled;
  }

  private recordRejections(items: ReadonlyArray<{ row: OutboxRow; error: AgentErrorShape }>): void {
    if (items.length === 0) return;
    const now = this.o.now().toISOString();
    this.o.db.transaction(() => {
      for (const { row, error } of items) {
        this.s.reject.run({ mutationId: row.mutationId, kind: row.kind, payload: row.payload, code: error.code, message: error.message, rejectedAt: now });
        this.s.deleteOutbox.run(row.mutationId);
      }
    }).immediate();
    this.o.stats.rejected += items.length;
    this.o.status.refreshPending();
    for (const { row, error } of items) {
      this.o.log.warn('the server refused a change', { kind: row.kind, code: error.code });
      this.o.onRejected?.({ mutationId: row.mutationId, kind: row.kind, code: error.code, message: error.message, rejectedAt: now });
    }
    const last = items[items.length - 1];
    if (last) this.o.status.update({ lastError: { code: 'SYNC_REJECTED', message: `The server refused a change (${last.row.kind}): ${last.error.message}` } });
  }
}

function errorCode(code: string): AgentErrorShape['code'] {
  const r = ErrorCode.safeParse(code);
  return r.success ? r.data : 'SYNC_REJECTED';
}
