import { AgentError, type UpcomingCallback } from '../../contract';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';

interface CallbackRow {
  id: string;
  contact_id: string;
  contact_name: string | null;
  number: string | null;
  timezone: string | null;
  call_id: string | null;
  due_at: string;
  note: string;
  status: UpcomingCallback['status'];
}

const SELECT = `
  SELECT b.id, b.contact_id,
         coalesce(nullif(trim(c.first_name || ' ' || c.last_name), ''), nullif(c.company, '')) AS contact_name,
         (SELECT p.e164 FROM contact_phones p WHERE p.contact_id = b.contact_id ORDER BY p.position LIMIT 1) AS number,
         c.timezone, b.call_id, b.due_at, b.note, b.status
  FROM callbacks b LEFT JOIN contacts c ON c.id = b.contact_id`;

const toCallback = (r: CallbackRow): UpcomingCallback => ({
  id: r.id,
  contactId: r.contact_id,
  contactName: r.contact_name ?? 'Unknown contact',
  number: r.number,
  timezone: r.timezone ?? '',
  callId: r.call_id,
  dueAt: r.due_at,
  note: r.note,
  status: r.status,
});

/**
 * The agent's callbacks (the local table holds only theirs: scheduled here at wrap-up, or
 * pulled from the server, which sends each agent only their own). Scheduling happens in
 * WrapupRepository.complete, with the disposition; here they are listed and closed.
 */
export class CallbackRepository {
  private readonly s;

  private readonly outbox: Outbox;

  constructor(private readonly db: Db) {
    this.outbox = Outbox.for(db);
    this.s = {
      scheduled: db.prepare<[number], CallbackRow>(`${SELECT} WHERE b.status = 'scheduled' ORDER BY b.due_at, b.id LIMIT ?`),
      byId: db.prepare<[string], CallbackRow>(`${SELECT} WHERE b.id = ?`),
      setStatus: db.prepare<[string, string]>("UPDATE callbacks SET status = ? WHERE id = ? AND status = 'scheduled'"),
    };
  }

  upcoming(limit: number): UpcomingCallback[] {
    return this.s.scheduled.all(limit).map(toCallback);
  }

  get(id: string): UpcomingCallback | null {
    const row = this.s.byId.get(id);
    return row ? toCallback(row) : null;
  }

  /** Closes a scheduled callback, with its outbox row, in one transaction. */
  close(id: string, status: 'done' | 'cancelled', now: Date): UpcomingCallback {
    return this.outbox.write(() => {
      const existing = this.get(id);
      if (!existing) throw new AgentError('NOT_FOUND', 'That callback is not on this workstation.');
      if (existing.status !== 'scheduled') {
        throw new AgentError('CONFLICT', `That callback is already ${existing.status === 'done' ? 'done' : 'cancelled'}.`);
      }
      this.s.setStatus.run(status, id);
      this.outbox.queue({ kind: 'callback.status', callbackId: id, status, at: now.toISOString() }, now);
      return { ...existing, status };
    });
  }
}
