import type { Presence, PresenceState } from '../../contract';
import type { Db } from '../store/database';
import { enqueueMutation } from '../sync/outbox';

interface PresenceRow {
  state: PresenceState;
  reason: string | null;
  since: string;
}

/** The agent's presence history; the newest row is the current state. */
export class PresenceRepository {
  private readonly insert;
  private readonly latest;

  constructor(private readonly db: Db) {
    this.insert = db.prepare<[string, string | null, string]>('INSERT INTO presence_log (state, reason, since) VALUES (?, ?, ?)');
    this.latest = db.prepare<[], PresenceRow>('SELECT state, reason, since FROM presence_log ORDER BY id DESC LIMIT 1');
  }

  current(): Presence | null {
    return this.latest.get() ?? null;
  }

  /** Logs the change and queues it for supervisors, in one transaction. */
  record(p: Presence): void {
    this.db.transaction(() => {
      this.insert.run(p.state, p.reason, p.since);
      enqueueMutation(this.db, { kind: 'presence.set', state: p.state, reason: p.reason, since: p.since });
    })();
  }
}
