import type { SyncStatus } from '../../contract';
import type { Db } from '../store/database';
import type { EventBus } from '../event-bus';
import { Outbox } from './outbox';

/**
 * What the status bar shows about sync: online, pending outbox rows, last success, last error.
 * The sync engine updates it; everything else only reads it. The pending count follows every
 * outbox write by itself.
 */
export class SyncStatusTracker {
  private status: SyncStatus;
  private readonly outbox: Outbox;

  constructor(
    db: Db,
    private readonly bus: EventBus,
  ) {
    this.outbox = Outbox.for(db);
    this.outbox.subscribe(() => this.refreshPending());
    const last = db.prepare<[], { last_sync_at: string | null }>('SELECT last_sync_at FROM sync_state WHERE id = 1').get();
    this.status = { online: false, pending: this.outbox.pending(), lastSyncAt: last?.last_sync_at ?? null, lastError: null };
  }

  get(): SyncStatus {
    return this.status;
  }

  /** Call after removing outbox rows (writes that add them are followed already). */
  refreshPending(): void {
    this.update({ pending: this.outbox.pending() });
  }

  /** The demo's embedded server is starting (true) or answered (false): see SyncStatus.serverStarting. */
  serverStarting(starting: boolean): void {
    if (starting) return this.update({ serverStarting: true });
    if (!this.status.serverStarting) return;
    const { serverStarting: _done, ...rest } = this.status;
    this.status = rest;
    this.bus.emit('sync.status', rest);
  }

  update(patch: Partial<SyncStatus>): void {
    const next = { ...this.status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    this.bus.emit('sync.status', next);
  }
}
