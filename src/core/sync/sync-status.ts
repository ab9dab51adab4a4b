import type { SyncStatus } from '../../contract';
import type { Db } from '../store/database';
import type { EventBus } from '../event-bus';

/**
 * What the status bar shows about sync: online, pending outbox rows, last success, last error.
 * The sync engine updates it; everything else only reads it.
 */
export class SyncStatusTracker {
  private status: SyncStatus;
  private readonly countPending;

  constructor(
    db: Db,
    private readonly bus: EventBus,
  ) {
    this.countPending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');
    const last = db.prepare<[], { last_sync_at: string | null }>('SELECT last_sync_at FROM sync_state WHERE id = 1').get();
    this.status = { online: false, pending: this.countPending.get()?.n ?? 0, lastSyncAt: last?.last_sync_at ?? null, lastError: null };
  }

  get(): SyncStatus {
    return this.status;
  }

  /** Call after any write that may have added or removed outbox rows. */
  refreshPending(): void {
    this.update({ pending: this.countPending.get()?.n ?? 0 });
  }

  update(patch: Partial<SyncStatus>): void {
    const next = { ...this.status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    this.bus.emit('sync.status', next);
  }
}
