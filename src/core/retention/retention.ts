import type { Db } from '../store/database';

/** What one purge removed. */
export interface PurgeCount {
  calls: number;
  notes: number;
  contacts: number;
}

/** The oldest instant kept: `days` whole days before `now`. */
export const retentionCutoff = (now: Date, days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();

// A row is "unsynced" while an outbox mutation still names it: those are never purged.
const PENDING_CALL = `EXISTS (SELECT 1 FROM outbox o WHERE json_extract(o.payload, '$.callId') = k.id)`;
const PENDING_CONTACT = `EXISTS (SELECT 1 FROM outbox o WHERE json_extract(o.payload, '$.contactId') = c.id)`;
const PENDING_NOTE = `EXISTS (SELECT 1 FROM outbox o WHERE json_extract(o.payload, '$.noteId') = n.id)`;

/**
 * Local data retention (issue 15 B2): removes customer data older than the policy's days from the
 * laptop, in one transaction — never anything unsynced (a row an outbox mutation still names),
 * never open work, never what a scheduled callback or a campaign lead still needs:
 * - calls that started before the cutoff, ended, with their wrap-up submitted or skipped, no
 *   draft, no scheduled callback, and nothing of theirs in the outbox; with their notes,
 *   disposition, wrap-up and script run;
 * - notes about a contact (outside a call) written before the cutoff and already pushed;
 * - contacts not touched since the cutoff with no call, draft, scheduled callback, lead or
 *   outbox mutation left (their phones, history and search entry go with them).
 * The server keeps everything; a purged contact comes back when a later pull or lookup needs it.
 */
export function purgeExpired(db: Db, retentionDays: number, now: Date): PurgeCount {
  const cutoff = retentionCutoff(now, retentionDays);
  return db.transaction(() => {
    const calls = db
      .prepare<[string], { id: string }>(
        `SELECT k.id FROM calls k
         WHERE k.started_at < ? AND k.ended_at IS NOT NULL
           AND EXISTS (SELECT 1 FROM wrapups w WHERE w.call_id = k.id AND w.completed_at IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM note_drafts d WHERE d.call_id = k.id)
           AND NOT EXISTS (SELECT 1 FROM callbacks b WHERE b.call_id = k.id AND b.status = 'scheduled')
           AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.call_id = k.id AND ${PENDING_NOTE})
           AND NOT ${PENDING_CALL}`,
      )
      .all(cutoff)
      .map((r) => r.id);
    let notes = 0;
    for (const id of calls) {
      notes += db.prepare<[string]>('DELETE FROM notes WHERE call_id = ?').run(id).changes;
      db.prepare<[string]>('DELETE FROM dispositions WHERE call_id = ?').run(id);
      db.prepare<[string]>('DELETE FROM wrapups WHERE call_id = ?').run(id);
      db.prepare<[string]>('DELETE FROM script_runs WHERE call_id = ?').run(id);
      db.prepare<[string]>('DELETE FROM calls WHERE id = ?').run(id);
    }
    notes += db
      .prepare<[string]>(`DELETE FROM notes AS n WHERE n.call_id IS NULL AND n.created_at < ? AND NOT ${PENDING_NOTE}`)
      .run(cutoff).changes;
    const contacts = db
      .prepare<[string], { id: string }>(
        `SELECT c.id FROM contacts c
         WHERE c.updated_at < ?
           AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.contact_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.contact_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM note_drafts d WHERE d.contact_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM callbacks b WHERE b.contact_id = c.id AND b.status = 'scheduled')
           AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = c.id)
           AND NOT ${PENDING_CONTACT}`,
      )
      .all(cutoff)
      .map((r) => r.id);
    for (const id of contacts) {
      db.prepare<[string]>('DELETE FROM callbacks WHERE contact_id = ?').run(id);
      db.prepare<[string]>('DELETE FROM contact_history WHERE contact_id = ?').run(id);
      db.prepare<[string]>('DELETE FROM contact_phones WHERE contact_id = ?').run(id);
      db.prepare<[string]>('DELETE FROM contacts WHERE id = ?').run(id);
    }
    return { calls: calls.length, notes, contacts: contacts.length };
  }).immediate();
}
