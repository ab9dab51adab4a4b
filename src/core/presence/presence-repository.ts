import type { Presence, PresenceState } from '../../contract';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';

interface PresenceRow {
  state: PresenceState;
  reason: string | null;
  since: string;
}

/** The agent's presence history; the newest row is the current state. */
export class PresenceRepository {
  private readonly insert;
  private readonly latest;

  private readonly outbox: Outbox;

  constructor(db: Db) {
    this.outbox = Outbox.for(db);
    this.insert = db.prepare<[string, string | null, string]>('INSERT INTO presence_log (state, reason, since) VALUES (?, ?, ?)');
    this.latest = db.prepare<[], PresenceRow>('SELECT state, reason, since FROM presence_log ORDER BY id DESC LIMIT 1');
  }

  current(): Presence | null {
    return this.latest.get() ?? null;
  }

  /** Logs the change and queues it for supervisors, in one transaction. */
  record(p: Presence): void {
    this.outbox.write(() => {
      this.insert.run(p.state, p.reason, p.since);
      this.outbox.queue({ kind: 'presence.set', state: p.state, reason: p.reason, since: p.since });
    });
  }
}
