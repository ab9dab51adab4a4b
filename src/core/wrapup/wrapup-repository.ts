import { randomUUID } from 'node:crypto';
import {
  AgentError,
  type CallbackRequest,
  type CallRecord,
  type DispositionCode,
  maskSensitiveAnswers,
  maskSensitiveNumbers,
  type MaskedNumbers,
  type OpenWork,
  type ScriptPosition,
  type WrapupState,
} from '../../contract';
import type { CallRepository } from '../calls/call-repository';
import type { NoteRepository } from '../notes/note-repository';
import type { WorkPhase } from '../presence/presence-flow';
import type { Db } from '../store/database';
import { finishScriptRun, SCRIPT_RUN_COLUMNS, toScriptRun, type ScriptRunRow } from '../scripts/script-repository';
import { Outbox } from '../sync/outbox';

interface WrapupRow {
  disposition: string | null;
  callback_due_at: string | null;
  callback_note: string | null;
  updated_at: string;
  completed_at: string | null;
}

const toWrapup = (r: WrapupRow): WrapupState => ({
  disposition: r.disposition,
  callback: r.callback_due_at !== null ? { dueAt: r.callback_due_at, note: r.callback_note ?? '' } : null,
  savedAt: r.updated_at,
});
/** A callback's note with card and CNIC numbers masked before it is written (issue 15 B3). */
function maskCallbackNote(c: CallbackRequest): CallbackRequest;
function maskCallbackNote(c: CallbackRequest | null): CallbackRequest | null;
function maskCallbackNote(c: CallbackRequest | null): CallbackRequest | null {
  return c && { ...c, note: maskSensitiveNumbers(c.note).text };
}

/** Wrap-up shows where the agent is in the script; whether the run was finished is the script panel's business. */
const toScript = (r: ScriptRunRow): ScriptPosition => {
  const { finishedAt: _finished, ...position } = toScriptRun(r);
  return position;
};

/**
 * A call (k, with its wrap-up row w) needs a wrap-up once it ends when the agent did something
 * with it: answered it, or started its wrap-up, a note or the script. A call the agent placed
 * that never connected needs one only when its campaign's rule says so (`wrapUpUnconnected`,
 * contract/agent-api/wrapup-rule.ts); the campaign's rule is stored as JSON (true reads as 1).
 */
const NEEDS_WRAPUP = `(k.answered_at IS NOT NULL OR w.call_id IS NOT NULL
  OR EXISTS (SELECT 1 FROM note_drafts d WHERE d.call_id = k.id)
  OR EXISTS (SELECT 1 FROM script_runs s WHERE s.call_id = k.id)
  OR (k.direction = 'outbound' AND EXISTS (
    SELECT 1 FROM campaigns c WHERE c.id = k.campaign_id AND json_extract(c.wrapup, '$.wrapUpUnconnected') = 1)))`;

/**
 * The wrap-up of a call and the agent's place in its script, saved as they change so a crash
 * or power cut loses nothing, then submitted together for the server.
 */
export class WrapupRepository {
  private readonly wrapupRow;
  private readonly upsertWrapup;
  private readonly completeWrapup;
  private readonly scriptRun;
  private readonly upsertScriptRun;
  private readonly codes;
  private readonly insertDisposition;
  private readonly insertCallback;
  private readonly openCandidates;
  private readonly liveCall;
  private readonly openEnded;
  private readonly skipWrapup;

  private readonly outbox: Outbox;

  constructor(
    private readonly db: Db,
    private readonly calls: CallRepository,
    private readonly notes: NoteRepository,
  ) {
    this.outbox = Outbox.for(db);
    this.wrapupRow = db.prepare<[string], WrapupRow>(
      'SELECT disposition, callback_due_at, callback_note, updated_at, completed_at FROM wrapups WHERE call_id = ?',
    );
    this.upsertWrapup = db.prepare(
      `INSERT INTO wrapups (call_id, disposition, callback_due_at, callback_note, updated_at)
       VALUES (@callId, @disposition, @dueAt, @note, @now)
       ON CONFLICT (call_id) DO UPDATE SET disposition = excluded.disposition, callback_due_at = excluded.callback_due_at,
         callback_note = excluded.callback_note, updated_at = excluded.updated_at`,
    );
    this.completeWrapup = db.prepare(
      `INSERT INTO wrapups (call_id, disposition, callback_due_at, callback_note, updated_at, completed_at)
       VALUES (@callId, @disposition, @dueAt, @note, @now, @now)
       ON CONFLICT (call_id) DO UPDATE SET disposition = excluded.disposition, callback_due_at = excluded.callback_due_at,
         callback_note = excluded.callback_note, updated_at = excluded.updated_at, completed_at = excluded.completed_at`,
    );
    this.scriptRun = db.prepare<[string], ScriptRunRow>(`SELECT ${SCRIPT_RUN_COLUMNS} FROM script_runs WHERE call_id = ?`);
    this.upsertScriptRun = db.prepare(
      `INSERT INTO script_runs (call_id, script_id, script_version, step_id, answers, updated_at)
       VALUES (@callId, @scriptId, @scriptVersion, @stepId, @answers, @now)
       ON CONFLICT (call_id) DO UPDATE SET script_id = excluded.script_id, script_version = excluded.script_version,
         step_id = excluded.step_id, answers = excluded.answers, updated_at = excluded.updated_at`,
    );
    this.codes = db.prepare<[], { code: string; label: string; needs_callback: number }>(
      'SELECT code, label, needs_callback FROM disposition_codes ORDER BY position',
    );
    this.insertDisposition = db.prepare<[string, string, string]>('INSERT INTO dispositions (call_id, code, created_at) VALUES (?, ?, ?)');
    this.insertCallback = db.prepare(
      'INSERT INTO callbacks (id, contact_id, call_id, due_at, note, created_at) VALUES (@id, @contactId, @callId, @dueAt, @note, @now)',
    );
    // Open work: the newest call this workstation logged whose wrap-up is not submitted and
    // that the agent did something with (answered it, or started a note, wrap-up or script; an
    // unconnected call only when its campaign asks) or that is still live. Calls pulled from the server are never open work here.
    this.openCandidates = db.prepare<[], { id: string }>(
      `SELECT k.id FROM calls k LEFT JOIN wrapups w ON w.call_id = k.id
       WHERE k.logged_here = 1 AND w.completed_at IS NULL AND (k.ended_at IS NULL OR ${NEEDS_WRAPUP})
       ORDER BY k.started_at DESC LIMIT 1`,
    );
    // A call the agent is on: answered, or placed by them, not ended, wrap-up not submitted (a
    // call left "live" by a crash stops counting once its wrap-up is submitted).
    this.liveCall = db.prepare<[], { id: string }>(
      `SELECT k.id FROM calls k LEFT JOIN wrapups w ON w.call_id = k.id
       WHERE k.logged_here = 1 AND k.ended_at IS NULL AND (k.answered_at IS NOT NULL OR k.direction = 'outbound')
         AND w.completed_at IS NULL
       LIMIT 1`,
    );
    this.openEnded = db.prepare<[], { id: string }>(
      `SELECT k.id FROM calls k LEFT JOIN wrapups w ON w.call_id = k.id
       WHERE k.logged_here = 1 AND w.completed_at IS NULL AND k.ended_at IS NOT NULL AND ${NEEDS_WRAPUP}
       ORDER BY k.started_at DESC LIMIT 1`,
    );
    this.skipWrapup = db.prepare(
      `INSERT INTO wrapups (call_id, disposition, callback_due_at, callback_note, updated_at, completed_at)
       VALUES (@callId, NULL, NULL, NULL, @now, @now)
       ON CONFLICT (call_id) DO UPDATE SET disposition = NULL, callback_due_at = NULL, callback_note = NULL,
         updated_at = excluded.updated_at, completed_at = excluded.completed_at`,
    );
  }

  /** What the agent's work is now, for presence: a live call, an ended call to wrap up, or nothing. */
  workPhase(): WorkPhase {
    if (this.liveCall.get()) return 'on-call';
    return this.openEnded.get() ? 'wrap-up' : 'idle';
  }

  /** The ended call whose wrap-up is open (the newest), with its saved form, or null. */
  openWrapup(): { call: CallRecord; wrapup: WrapupState | null } | null {
    const open = this.openEnded.get();
    if (!open) return null;
    const w = this.wrapupRow.get(open.id);
    return { call: this.calls.require(open.id), wrapup: w ? toWrapup(w) : null };
  }

  callOf(callId: string): CallRecord {
    return this.calls.require(callId);
  }

  /** The built-in codes, for calls outside any campaign. */
  dispositionCodes(): DispositionCode[] {
    return this.codes.all().map((c) => ({ code: c.code, label: c.label, needsCallback: c.needs_callback === 1 }));
  }

  current(): OpenWork | null {
    const open = this.openCandidates.get();
    if (!open) return null;
    const call = this.calls.require(open.id);
    const w = this.wrapupRow.get(call.id);
    const s = this.scriptRun.get(call.id);
    return { call, wrapup: w ? toWrapup(w) : null, draft: this.notes.getDraft({ callId: call.id }), script: s ? toScript(s) : null };
  }

  private requireOpen(callId: string): void {
    this.calls.require(callId);
    if (this.wrapupRow.get(callId)?.completed_at) throw new AgentError('CONFLICT', 'The wrap-up of this call was already submitted.');
  }

  save(callId: string, disposition: string | null, typedCallback: CallbackRequest | null, now: Date = new Date()): WrapupState {
    const callback = maskCallbackNote(typedCallback);
    return this.db.transaction(() => {
      this.requireOpen(callId);
      this.upsertWrapup.run({
        callId,
        disposition,
        dueAt: callback ? new Date(callback.dueAt).toISOString() : null,
        note: callback?.note ?? null,
        now: now.toISOString(),
      });
      const row = this.wrapupRow.get(callId);
      if (!row) throw new Error('wrap-up vanished inside its own transaction');
      return toWrapup(row);
    }).immediate();
  }

  /** Card and CNIC numbers in the answers are masked before they are written (issue 15 B3). */
  saveScriptPosition(typed: Omit<ScriptPosition, 'savedAt'>, now: Date = new Date()): ScriptPosition & { masked: MaskedNumbers } {
    const { answers, cards, cnics } = maskSensitiveAnswers(typed.answers);
    const p = { ...typed, answers };
    return this.db.transaction(() => {
      this.requireOpen(p.callId);
      // A finished run's answers were queued for the server: they must not change behind it.
      if (this.scriptRun.get(p.callId)?.finished_at) {
        throw new AgentError('CONFLICT', 'The script of this call was finished; its answers were already sent.');
      }
      this.upsertScriptRun.run({ ...p, answers: JSON.stringify(p.answers), now: now.toISOString() });
      const row = this.scriptRun.get(p.callId);
      if (!row) throw new Error('script run vanished inside its own transaction');
      return { ...toScript(row), masked: { cards, cnics } };
    }).immediate();
  }

  /**
   * Submits the wrap-up: disposition, callback and the draft note, each with its outbox row,
   * in one transaction. Either all of it is queued for the server or none of it.
   */
  complete(
    callId: string,
    disposition: string,
    typedCallback: CallbackRequest | undefined,
    codes: readonly DispositionCode[],
    now: Date = new Date(),
  ): { callId: string; completedAt: string; noteId: string | null; callbackId: string | null } {
    const stamp = now.toISOString();
    const callback = typedCallback && maskCallbackNote(typedCallback);
    return this.outbox.write(() => {
      this.requireOpen(callId);
      const call = this.calls.require(callId);
      const code = codes.find((c) => c.code === disposition);
      if (!code) throw new AgentError('INVALID_INPUT', `"${disposition}" is not one of this call's disposition codes.`);
      if (code.needsCallback && !callback) throw new AgentError('INVALID_INPUT', `"${code.label}" needs a callback time.`);
      // The pickers go to the minute: a time in the current minute is not yet past.
      if (callback && Date.parse(callback.dueAt) < now.getTime() - 60_000) {
        throw new AgentError('INVALID_INPUT', 'That callback time has already passed: pick a later time.');
      }
      if (callback && !call.contactId) {
        throw new AgentError('INVALID_INPUT', 'A callback needs a contact: save the caller as a contact first.');
      }

      this.insertDisposition.run(callId, disposition, stamp);
      this.outbox.queue({ kind: 'disposition.set', callId, code: disposition, createdAt: stamp }, now);

      let callbackId: string | null = null;
      if (callback && call.contactId) {
        callbackId = randomUUID();
        const dueAt = new Date(callback.dueAt).toISOString();
        this.insertCallback.run({ id: callbackId, contactId: call.contactId, callId, dueAt, note: callback.note, now: stamp });
        this.outbox.queue({ kind: 'callback.schedule', callbackId, contactId: call.contactId, callId, dueAt, note: callback.note },
          now,
        );
      }

      const draft = this.notes.getDraft({ callId });
      const noteId = draft && draft.body.trim() ? this.notes.finalize({ callId }, draft.body, now).id : null;

      this.completeWrapup.run({
        callId,
        disposition,
        dueAt: callback ? new Date(callback.dueAt).toISOString() : null,
        note: callback?.note ?? null,
        now: stamp,
      });
      // The script's answers go to the server with the call, once, if the agent had not finished it.
      finishScriptRun(this.db, callId, now);
      return { callId, completedAt: stamp, noteId, callbackId };
    });
  }

  /**
   * Leaves the wrap-up without a disposition (optional mode; the caller checks the policy). A
   * draft note the agent typed is still saved and synced, and the script run is closed.
   */
  skip(callId: string, now: Date = new Date()): { callId: string; skippedAt: string; noteId: string | null } {
    const stamp = now.toISOString();
    return this.outbox.write(() => {
      this.requireOpen(callId);
      const draft = this.notes.getDraft({ callId });
      const noteId = draft && draft.body.trim() ? this.notes.finalize({ callId }, draft.body, now).id : null;
      this.skipWrapup.run({ callId, now: stamp });
      finishScriptRun(this.db, callId, now);
      return { callId, skippedAt: stamp, noteId };
    });
  }
}
