import { randomUUID } from 'node:crypto';
import { AgentError, maskSensitiveNumbers, type MaskedNumbers, type Note, type NoteDraft, type NoteTarget } from '../../contract';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';

interface DraftRow {
  id: string;
  call_id: string | null;
  contact_id: string | null;
  body: string;
  revision: number;
  updated_at: string;
}
interface NoteRow {
  id: string;
  call_id: string | null;
  contact_id: string | null;
  body: string;
  created_at: string;
}

const toDraft = (r: DraftRow): NoteDraft => ({
  id: r.id,
  callId: r.call_id,
  contactId: r.contact_id,
  body: r.body,
  revision: r.revision,
  savedAt: r.updated_at,
});
const toNote = (r: NoteRow): Note => ({ id: r.id, callId: r.call_id, contactId: r.contact_id, body: r.body, createdAt: r.created_at });

export const draftKey = (t: NoteTarget) => ('callId' in t ? `call:${t.callId}` : `contact:${t.contactId}`);

/**
 * Notes: a draft per call or contact, overwritten by each autosave, and the finalized notes,
 * which are append-only and queued for the server.
 */
export class NoteRepository {
  private readonly draft;
  private readonly upsertDraft;
  private readonly deleteDraft;
  private readonly insertNote;
  private readonly callContact;
  private readonly contactExists;
  private readonly notesForCall;
  private readonly notesForContact;

  private readonly outbox: Outbox;

  constructor(private readonly db: Db) {
    this.outbox = Outbox.for(db);
    this.draft = db.prepare<[string], DraftRow>('SELECT id, call_id, contact_id, body, revision, updated_at FROM note_drafts WHERE target = ?');
    // An autosave that arrives after a newer one (a retry, a slow transport) must not win.
    this.upsertDraft = db.prepare(
      `INSERT INTO note_drafts (target, id, call_id, contact_id, body, revision, updated_at)
       VALUES (@target, @id, @callId, @contactId, @body, @revision, @now)
       ON CONFLICT (target) DO UPDATE SET body = excluded.body, revision = excluded.revision, updated_at = excluded.updated_at
       WHERE excluded.revision >= note_drafts.revision`,
    );
    this.deleteDraft = db.prepare<[string]>('DELETE FROM note_drafts WHERE target = ?');
    this.insertNote = db.prepare(
      'INSERT INTO notes (id, call_id, contact_id, body, created_at) VALUES (@id, @callId, @contactId, @body, @createdAt)',
    );
    this.callContact = db.prepare<[string], { contact_id: string | null }>('SELECT contact_id FROM calls WHERE id = ?');
    this.contactExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM contacts WHERE id = ?');
    this.notesForCall = db.prepare<[string], NoteRow>('SELECT id, call_id, contact_id, body, created_at FROM notes WHERE call_id = ? ORDER BY created_at, rowid');
    this.notesForContact = db.prepare<[string], NoteRow>(
      'SELECT id, call_id, contact_id, body, created_at FROM notes WHERE contact_id = ? ORDER BY created_at, rowid',
    );
  }

  /** The call's contact or the contact itself; NOT_FOUND when the target does not exist. */
  private resolve(t: NoteTarget): { callId: string | null; contactId: string | null } {
    if ('callId' in t) {
      const call = this.callContact.get(t.callId);
      if (!call) throw new AgentError('NOT_FOUND', 'That call is not in the call log.');
      return { callId: t.callId, contactId: call.contact_id };
    }
    if (!this.contactExists.get(t.contactId)) throw new AgentError('NOT_FOUND', 'That contact does not exist on this workstation.');
    return { callId: null, contactId: t.contactId };
  }

  getDraft(t: NoteTarget): NoteDraft | null {
    const row = this.draft.get(draftKey(t));
    return row ? toDraft(row) : null;
  }

  /**
   * Returns once the draft is committed (and, with synchronous=FULL, on disk). Card and CNIC
   * numbers are masked before the body is written (issue 15 B3); `masked` counts them.
   */
  saveDraft(t: NoteTarget, typed: string, revision: number, now: Date = new Date()): { draft: NoteDraft; applied: boolean; masked: MaskedNumbers } {
    const { text: body, cards, cnics } = maskSensitiveNumbers(typed);
    return this.db.transaction(() => {
      const { callId, contactId } = this.resolve(t);
      const target = draftKey(t);
      const result = this.upsertDraft.run({ target, id: randomUUID(), callId, contactId, body, revision, now: now.toISOString() });
      const row = this.draft.get(target);
      if (!row) throw new Error('draft vanished inside its own transaction');
      return { draft: toDraft(row), applied: result.changes > 0, masked: { cards, cnics } };
    }).immediate();
  }

  /**
   * Appends the note and its outbox row and ends the draft, all in one transaction. Call inside
   * a larger transaction to finalize with other changes (wrap-up does). Card and CNIC numbers
   * are masked first, so none reaches the notes table or the outbox.
   */
  finalize(t: NoteTarget, typed: string, now: Date = new Date()): Note {
    const body = maskSensitiveNumbers(typed).text;
    return this.outbox.write(() => {
      const { callId, contactId } = this.resolve(t);
      const target = draftKey(t);
      const note: Note = { id: this.draft.get(target)?.id ?? randomUUID(), callId, contactId, body, createdAt: now.toISOString() };
      this.insertNote.run(note);
      this.outbox.queue({ kind: 'note.append', noteId: note.id, callId, contactId, body, createdAt: note.createdAt }, now);
      this.deleteDraft.run(target);
      return note;
    });
  }

  list(t: NoteTarget): Note[] {
    this.resolve(t);
    return ('callId' in t ? this.notesForCall.all(t.callId) : this.notesForContact.all(t.contactId)).map(toNote);
  }
}
