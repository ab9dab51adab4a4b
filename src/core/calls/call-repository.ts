import { AgentError, type CallOutcome, type CallRecord, type LogCallEventInput } from '../../contract';
import { toE164, type NormalizeNumber } from '../contacts/phone-number';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';
import { holdAfter, holdSecondsOf, NO_HOLD, type HoldTime } from './hold-time';

interface CallRow {
  id: string;
  direction: 'inbound' | 'outbound';
  local_number: string;
  remote_number: string;
  remote_e164: string | null;
  contact_id: string | null;
  contact_name: string | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  end_cause: string | null;
  outcome: CallOutcome | null;
  campaign_id: string | null;
  disposition: string | null;
  hold_ms: number;
  held_since: string | null;
}

const SELECT_CALL = `
  SELECT calls.id, calls.direction, calls.local_number, calls.remote_number, calls.remote_e164, calls.contact_id,
         CASE WHEN contacts.id IS NULL THEN NULL
              ELSE coalesce(nullif(trim(contacts.first_name || ' ' || contacts.last_name), ''), nullif(contacts.company, '')) END AS contact_name,
         calls.started_at, calls.answered_at, calls.ended_at, calls.end_cause, calls.outcome, calls.campaign_id, calls.hold_ms, calls.held_since,
         (SELECT dispositions.code FROM dispositions WHERE dispositions.call_id = calls.id ORDER BY dispositions.id DESC LIMIT 1) AS disposition
  FROM calls LEFT JOIN contacts ON contacts.id = calls.contact_id`;

const toRecord = (r: CallRow): CallRecord => ({
  id: r.id,
  direction: r.direction,
  localNumber: r.local_number,
  remoteNumber: r.remote_number,
  remoteE164: r.remote_e164,
  contactId: r.contact_id,
  contactName: r.contact_name,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  endCause: r.end_cause,
  outcome: r.outcome,
  campaignId: r.campaign_id,
  disposition: r.disposition,
  holdSeconds: holdSecondsOf(r.hold_ms),
});

/** Stored in UTC so that ISO strings sort and compare as times. */
const utc = (iso: string) => new Date(iso).toISOString();

export class CallRepository {
  private readonly byId;
  private readonly recent;
  private readonly recentBefore;
  private readonly recentForContact;
  private readonly contactForNumber;
  private readonly insert;
  private readonly update;
  private readonly linkContact;
  private readonly holdOf;
  private readonly updateHold;
  private readonly newCallHooks: Array<(call: CallRecord) => void> = [];
  private readonly outbox: Outbox;

  constructor(
    private readonly db: Db,
    private readonly normalize: NormalizeNumber = toE164,
  ) {
    this.outbox = Outbox.for(db);
    this.byId = db.prepare<[string], CallRow>(`${SELECT_CALL} WHERE calls.id = ?`);
    this.recent = db.prepare<[number], CallRow>(`${SELECT_CALL} ORDER BY calls.started_at DESC LIMIT ?`);
    this.recentBefore = db.prepare<[string, number], CallRow>(`${SELECT_CALL} WHERE calls.started_at < ? ORDER BY calls.started_at DESC LIMIT ?`);
    this.recentForContact = db.prepare<[string, string, number], CallRow>(
      `${SELECT_CALL} WHERE calls.contact_id = ? AND calls.started_at < ? ORDER BY calls.started_at DESC LIMIT ?`,
    );
    this.contactForNumber = db.prepare<[string], { contact_id: string }>(
      `SELECT contact_phones.contact_id FROM contact_phones JOIN contacts ON contacts.id = contact_phones.contact_id
       WHERE contact_phones.e164 = ? ORDER BY contacts.seq LIMIT 1`,
    );
    this.insert = db.prepare(
      `INSERT INTO calls (id, direction, local_number, remote_number, remote_e164, contact_id, started_at, answered_at, ended_at, end_cause, outcome, logged_here)
       VALUES (@id, @direction, @localNumber, @remoteNumber, @remoteE164, @contactId, @startedAt, @answeredAt, @endedAt, @endCause, @outcome, 1)`,
    );
    this.update = db.prepare<[string | null, string | null, string | null, CallOutcome | null, string]>(
      'UPDATE calls SET answered_at = ?, ended_at = ?, end_cause = ?, outcome = ? WHERE id = ?',
    );
    this.linkContact = db.prepare<[string, string]>('UPDATE calls SET contact_id = ? WHERE id = ? AND contact_id IS NULL');
    this.holdOf = db.prepare<[string], { hold_ms: number; held_since: string | null }>('SELECT hold_ms, held_since FROM calls WHERE id = ?');
    this.updateHold = db.prepare<[number, string | null, string]>('UPDATE calls SET hold_ms = ?, held_since = ? WHERE id = ?');
  }

  /**
   * Runs inside the transaction that records a new call, so what the hook writes (the call's
   * campaign, its lead) commits with the call or not at all.
   */
  onNewCall(hook: (call: CallRecord) => void): void {
    this.newCallHooks.push(hook);
  }

  get(id: string): CallRecord | null {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  require(id: string): CallRecord {
    const call = this.get(id);
    if (!call) throw new AgentError('NOT_FOUND', 'That call is not in the call log.');
    return call;
  }

  history(limit: number, options: { contactId?: string; before?: string } = {}): CallRecord[] {
    const before = options.before ? utc(options.before) : '9999';
    const rows = options.contactId
      ? this.recentForContact.all(options.contactId, before, limit)
      : options.before
        ? this.recentBefore.all(before, limit)
        : this.recent.all(limit);
    return rows.map(toRecord);
  }

  /**
   * Records one step of a call and queues the call's new state for the server in the same
   * transaction. A repeated event changes nothing and queues nothing, so the phone engine may
   * retry freely.
   */
  logEvent(e: LogCallEventInput): { call: CallRecord; changed: boolean } {
    const at = utc(e.at);
    return this.outbox.write(() => {
      const existing = this.get(e.callId);
      let next: CallRecord;
      if (!existing) {
        const remoteE164 = this.normalize(e.remoteNumber);
        next = {
          id: e.callId,
          direction: e.direction,
          localNumber: e.localNumber,
          remoteNumber: e.remoteNumber,
          remoteE164,
          contactId: remoteE164 ? (this.contactForNumber.get(remoteE164)?.contact_id ?? null) : null,
          contactName: null,
          startedAt: at,
          answeredAt: e.event === 'answered' ? at : null,
          endedAt: e.event === 'ended' ? at : null,
          endCause: e.event === 'ended' ? (e.endCause ?? null) : null,
          outcome: e.event === 'ended' ? (e.outcome ?? null) : null,
          campaignId: null,
          disposition: null,
          holdSeconds: 0,
        };
        if (e.event === 'on-hold' || e.event === 'resumed') {
          throw new AgentError('NOT_FOUND', `A "${e.event}" arrived for a call that is not in the call log.`);
        }
        this.insert.run(next);
        for (const hook of this.newCallHooks) hook(next);
      } else {
        if (existing.direction !== e.direction || existing.remoteNumber !== e.remoteNumber) {
          throw new AgentError('CONFLICT', 'That call id belongs to another call (different direction or number).');
        }
        if (existing.endedAt !== null) {
          if (e.event === 'ended') return { call: existing, changed: false };
          throw new AgentError('CONFLICT', `The call has already ended; a late "${e.event}" was not recorded.`);
        }
        if (e.event === 'ringing' || (e.event === 'answered' && existing.answeredAt !== null)) {
          return { call: existing, changed: false };
        }
        const hold = this.recordHold(existing.id, e.event, at);
        if (e.event === 'on-hold' || e.event === 'resumed') {
          // A hold that began changes no figure yet; a resume adds to the call's hold time.
          if (hold.holdSeconds === existing.holdSeconds) return { call: this.require(existing.id), changed: false };
          const call = this.require(existing.id);
          this.enqueueUpsert(call);
          return { call, changed: true };
        }
        next = {
          ...existing,
          answeredAt: e.event === 'answered' ? at : existing.answeredAt,
          endedAt: e.event === 'ended' ? at : null,
          endCause: e.event === 'ended' ? (e.endCause ?? null) : null,
          outcome: e.event === 'ended' ? (e.outcome ?? null) : null,
        };
        this.update.run(next.answeredAt, next.endedAt, next.endCause, next.outcome, next.id);
      }
      // Read back: the new-call hooks may have filed it under a campaign.
      const call = this.require(next.id);
      this.enqueueUpsert(call);
      return { call, changed: true };
    });
  }

  /** Calls this workstation logged that have not ended, oldest first. */
  openHere(): CallRecord[] {
    return this.db
      .prepare<[], { id: string }>('SELECT id FROM calls WHERE logged_here = 1 AND ended_at IS NULL ORDER BY started_at')
      .all()
      .map(({ id }) => this.require(id));
  }

  /** Moves the call's stored hold time by one step; returns the total the record now shows. */
  private recordHold(id: string, event: LogCallEventInput['event'], at: string): { holdSeconds: number } {
    const row = this.holdOf.get(id);
    const before: HoldTime = row ? { holdMs: row.hold_ms, heldSince: row.held_since } : NO_HOLD;
    const after = holdAfter(before, event, at);
    if (after !== before) this.updateHold.run(after.holdMs, after.heldSince, id);
    return { holdSeconds: holdSecondsOf(after.holdMs) };
  }

  private enqueueUpsert(call: CallRecord): void {
    this.outbox.queue({
      kind: 'call.upsert',
      callId: call.id,
      direction: call.direction,
      localNumber: call.localNumber,
      remoteNumber: call.remoteNumber,
      contactId: call.contactId,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      endCause: call.endCause,
      campaignId: call.campaignId,
      holdSeconds: call.holdSeconds,
      outcome: call.outcome,
    });
  }

  /**
   * Links calls from numbers nobody matched to the contact just saved with those numbers (the
   * agent creating a record for an unknown caller), each with its outbox row, so the call's
   * notes and callback can belong to the contact.
   */
  linkUnmatchedCalls(contactId: string, numbers: readonly string[]): CallRecord[] {
    if (numbers.length === 0) return [];
    return this.outbox.write(() => {
      const ids = this.db
        .prepare<string[], { id: string }>(`SELECT id FROM calls WHERE contact_id IS NULL AND remote_e164 IN (${numbers.map(() => '?').join(', ')})`)
        .all(...numbers);
      return ids.map(({ id }) => {
        this.linkContact.run(contactId, id);
        const call = this.require(id);
        this.enqueueUpsert(call);
        return call;
      });
    });
  }
}
