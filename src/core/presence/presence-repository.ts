import type { Presence, PresenceState } from '../../contract';
import type { Db } from '../store/database';

interface PresenceRow {
  state: PresenceState;
  reason: string | null;
  since: string;
}

/** The agent's presence history; the newest row is the current state. */
export class PresenceRepository {
  private readonly insert;
  private readonly latest;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string | null, string]>('INSERT INTO presence_log (state, reason, since) VALUES (?, ?, ?)');
    this.latest = db.prepare<[], PresenceRow>('SELECT state, reason, since FROM presence_log ORDER BY id DESC LIMIT 1');
  }

  current(): Presence | null {
    return this.latest.get() ?? null;
  }

  record(p: Presence): void {
    this.insert.run(p.state, p.reason, p.since);
  }
}
