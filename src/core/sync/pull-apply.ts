import {
  CONTACT_FIELD_NAMES,
  type Change,
  type ChangeEntity,
  type Mutation,
  type MutationKind,
  type ContactField,
  type ContactHistoryEntry,
  type PullCursor,
  type PullResponse,
  type ServerCall,
  type ServerCallback,
  type ServerContact,
  type ServerDisposition,
  type ServerNote,
  type ServerScript,
  type ServerMessage,
} from '../../contract';
import { toE164, type NormalizeNumber } from '../contacts/phone-number';
import { installScript } from '../scripts/script-repository';
import { applyPulledMessage } from '../messages/message-repository';
import type { Db } from '../store/database';
import { beginBulkWrite, type BulkWrite } from '../store/wal-checkpoints';
import { CampaignPullApplier } from '../campaigns/campaign-pull';
import type { CoreWritePriority } from '../store/write-priority';
import { buildPendingSearchIndex, deferSearchIndex, flushSearchIndex, markSearchIndexPending, searchIndexPendingFrom, type SearchIndexBuild } from '../contacts/search-index';
import { silentLogger, type Logger } from '../log';
import { Outbox } from './outbox';

/** Columns of 002's contacts table per mergeable field; `phones` lives in contact_phones. */
const COLUMN: Record<ContactField, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  email: 'email',
  phones: 'phones',
  timezone: 'timezone',
  doNotCall: 'do_not_call',
};
const SCALARS = CONTACT_FIELD_NAMES.filter((f) => f !== 'phones');

/**
 * Local changes not yet confirmed by the server. A pulled value never overwrites them: the
 * outbox will push them and the server's merge decides, after which the next pull brings the
 * merged value.
 */
interface Pending {
  contactFields: Map<string, Set<ContactField>>;
  calls: Set<string>;
  dispositions: Set<string>;
  callbacks: Set<string>;
  /** Leads with a lead.outcome still in the outbox. */
  leads: Set<string>;
}

export interface ApplySummary {
  cursor: PullCursor;
  contacts: string[];
  calls: string[];
  notes: number;
  history: number;
  scripts: number;
  /** Callbacks pulled (scheduled or closed on another workstation): the list and reminders look again. */
  callbacks: number;
  /** Campaigns, leads and do-not-call entries applied (the campaign picker and preview refresh). */
  campaigns: number;
  /** Supervisors' messages pulled (new or acknowledged elsewhere): the banner and list reload. */
  messages: number;
  /** Pulled rows refused by validation (each logged); the previous version of each stays. */
  refused: Array<{ entity: string; id: string; code: string; message: string }>;
}

type ContactValues = Record<string, string | number>;

/**
 * Pages with at least this many changes index contacts for search once per page, after their
 * rows (search-index.ts), instead of once per contact, phone and note row: an initial sync's
 * pages. Smaller pages (day-to-day pulls) keep the exact per-row triggers.
 */
export const BATCH_INDEX_FROM = 50;

/**
 * Most changes the pull worker writes in one transaction: a whole page of PULL_PAGE_MAX. SQLite
 * has one writer, so an agent's save on the core's connection waits for the transaction being
 * written; smaller ones would shorten that wait but cost much more in all. Contact ids are random
 * uuids, so every transaction rewrites most pages of the id indexes (contacts.id, contact_phones'
 * key): measured applying synthetic pages of 100,000 contacts straight to a store (2 cores), 13.4 s
 * of CPU in transactions of 1,000, 7.2 s in 5,000, 5.7 s in 20,000.
 */
export const PULL_TRANSACTION_CHANGES = 5000;

/**
 * Most changes per write transaction in a large pull (a first sync), where the pull loop merges
 * pages that have already arrived (pull-loop.ts). Measured (bench/first-sync-store.ts, 200,000
 * synthetic contacts into an encrypted store, quiet 2-core machine): 7.0 s to apply in
 * transactions of 5,000, 5.2 s in 20,000, 3.8 s in 50,000 (whose final checkpoint then takes
 * 1.5 s instead of 0.5 s). The agent's saves do not wait for a whole one: the worker gives way
 * to them (GIVE_WAY_CHECK_CHANGES).
 */
export const LARGE_PULL_TRANSACTION_CHANGES = 20_000;

/**
 * Pulled changes between two looks at whether the core is waiting to write (write-priority.ts):
 * at about 40 µs a contact, a save waits some 10 ms for the worker to commit and step aside.
 */
export const GIVE_WAY_CHECK_CHANGES = 250;

/**
 * A pull that counts at least this many changes ahead (a first sync, or a long absence) adds
 * its new contacts without search rows and indexes them once at its end (migration 013,
 * search-index.ts), instead of per page. Until the build ends searches miss those contacts (the
 * status bar says "Preparing search"); screen-pop lookups by number (contact_phones.e164) find
 * them as soon as their page commits. Measured (bench/first-sync-store.ts, 100,000 synthetic
 * contacts, 2 cores at load 16, back to back): 7.7 s of CPU with the index per page, 5.2 s for
 * the rows and 2.2 s for the build at the end (README, issue 17 round 4).
 */
export const INDEX_AT_END_FROM = 2000;

/**
 * Contacts indexed per transaction when a pending search index is built. One INSERT … SELECT
 * for the whole book is cheapest (2.1 s of CPU per 100,000, against 2.6 s in chunks of 50,000
 * and 3.0 s in 20,000: each commit leaves an FTS5 segment to merge) but would hold the store's
 * one write lock for all of it. A chunk ends early when an agent's save waits
 * (SEARCH_INDEX_GIVE_WAY_STEP).
 */
export const SEARCH_INDEX_CHUNK = 50_000;

/**
 * Contacts indexed per statement of a chunk when the core may want to write: the build looks
 * between statements and commits early for an agent's save (write-priority.ts). At about 15 µs
 * a contact (200,000 in 3 s, quiet machine) a save waits some 75 ms, not the second a chunk of
 * 50,000 takes; the statements alone cost nothing measurable, a commit (an FTS5 segment) does.
 */
export const SEARCH_INDEX_GIVE_WAY_STEP = 5_000;

export interface PullApplierOptions {
  /** Changes in a page from which its search rows are written in one batch; Infinity: always row by row. */
  readonly batchIndexFrom?: number;
  /**
   * Most changes per write transaction (default: a whole page in one). A larger page is
   * written in several, only the last moving the cursor: a crash between them pulls the page
   * again and writes its first part a second time, which every applier below tolerates (each
   * writes the server's state: upserts, INSERT OR IGNORE for append-only rows). Each
   * transaction indexes its own contacts, so the store is never half-indexed between them.
   */
  readonly transactionChanges?: number;
  /**
   * Most changes per write transaction in a large pull (default LARGE_PULL_TRANSACTION_CHANGES);
   * `transactionChanges` applies to the others.
   */
  readonly largePullTransactionChanges?: number;
  /**
   * The pull worker's view of the core's writes (write-priority.ts): each transaction begins
   * only when the core is not waiting for the lock, and ends early when it starts to.
   * Absent: the applier runs on the core's own connection, or alone (tests, bench).
   */
  readonly priority?: CoreWritePriority;
  /** Contacts per transaction of a pending search index build (default SEARCH_INDEX_CHUNK). */
  readonly searchIndexChunk?: number;
  /**
   * Changes ahead from which a pull is large: its search index built at its end, checkpoints
   * every few pages (default INDEX_AT_END_FROM; Infinity: never, the bench's before-issue-17 path).
   */
  readonly largePullFrom?: number;
}

/**
 * Applies pulled pages to the local store, each page and its new cursor in one transaction: a
 * crash mid-sync leaves the store at a page boundary and the next pull resumes from there.
 */
export class PullApplier {
  private readonly s;

  readonly campaigns: CampaignPullApplier;
  private readonly outbox: Outbox;

  constructor(
    private readonly db: Db,
    log: Logger = silentLogger,
    private readonly normalize: NormalizeNumber = toE164,
    private readonly options: PullApplierOptions = {},
  ) {
    this.campaigns = new CampaignPullApplier(db, log);
    this.outbox = Outbox.for(db);
    const cols = SCALARS.map((f) => COLUMN[f]);
    const vcols = CONTACT_FIELD_NAMES.map((f) => `${COLUMN[f]}_v`);
    this.s = {
      contactRow: db.prepare<[string], ContactValues>(`SELECT ${[...cols, ...vcols].join(', ')} FROM contacts WHERE id = ?`),
      insertContact: db.prepare(
        `INSERT INTO contacts (id, ${cols.join(', ')}, ${vcols.join(', ')}, created_at, updated_at)
         VALUES (@id, ${cols.map((c) => '@' + c).join(', ')}, ${vcols.map((c) => '@' + c).join(', ')}, @created_at, @updated_at)`,
      ),
      updateContact: db.prepare(
        `UPDATE contacts SET ${[...cols, ...vcols].map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at WHERE id = @id`,
      ),
      phones: db.prepare<[string], { label: string; e164: string }>('SELECT label, e164 FROM contact_phones WHERE contact_id = ? ORDER BY position'),
      deletePhones: db.prepare<[string]>('DELETE FROM contact_phones WHERE contact_id = ?'),
      insertPhone: db.prepare<[string, number, string, string]>('INSERT INTO contact_phones (contact_id, position, label, e164) VALUES (?, ?, ?, ?)'),
      history: db.prepare(
        `INSERT OR IGNORE INTO contact_history (id, contact_id, field, losing_value, winning_value, losing_agent_id, winning_agent_id, recorded_at, server_version)
         VALUES (@id, @contactId, @field, @losing, @winning, @losingAgentId, @winningAgentId, @recordedAt, @version)`,
      ),
      call: db.prepare(
        `INSERT INTO calls (id, direction, local_number, remote_number, remote_e164, contact_id, started_at, answered_at, ended_at, end_cause, campaign_id, hold_ms, outcome)
         VALUES (@callId, @direction, @localNumber, @remoteNumber, @remoteE164, @contactId, @startedAt, @answeredAt, @endedAt, @endCause, @campaignId, @holdMs, @outcome)
         ON CONFLICT (id) DO UPDATE SET direction = excluded.direction, local_number = excluded.local_number,
           remote_number = excluded.remote_number, remote_e164 = excluded.remote_e164, contact_id = excluded.contact_id,
           started_at = excluded.started_at, answered_at = excluded.answered_at, ended_at = excluded.ended_at, end_cause = excluded.end_cause,
           campaign_id = coalesce(excluded.campaign_id, calls.campaign_id), hold_ms = max(excluded.hold_ms, calls.hold_ms),
           outcome = coalesce(excluded.outcome, calls.outcome)`,
      ),
      // Notes are append-only: a pulled note is either new here or already here.
      note: db.prepare(
        `INSERT OR IGNORE INTO notes (id, call_id, contact_id, body, created_at) VALUES (@noteId, @callId, @contactId, @body, @createdAt)`,
      ),
      deleteDispositions: db.prepare<[string]>('DELETE FROM dispositions WHERE call_id = ?'),
      disposition: db.prepare('INSERT INTO dispositions (call_id, code, created_at) VALUES (@callId, @code, @createdAt)'),
      callback: db.prepare(
        `INSERT INTO callbacks (id, contact_id, call_id, due_at, note, status, created_at)
         VALUES (@callbackId, @contactId, @callId, @dueAt, @note, @status, @createdAt)
         ON CONFLICT (id) DO UPDATE SET contact_id = excluded.contact_id, call_id = excluded.call_id, due_at = excluded.due_at,
           note = excluded.note, status = excluded.status`,
      ),
      // An old server's numeric cursor in `cursor`, a newer one's opaque position in `position`.
      cursor: db.prepare<{ cursor: number; position: string | null; at: string }>(
        'UPDATE sync_state SET cursor = @cursor, position = @position, last_sync_at = @at WHERE id = 1',
      ),
    };
  }

  /** Where the next pull starts: a number from servers before the (transaction, version) order, else the server's opaque cursor. */
  cursor(): PullCursor {
    const row = this.db.prepare<[], { cursor: number; position: string | null }>('SELECT cursor, position FROM sync_state WHERE id = 1').get();
    return row?.position ?? row?.cursor ?? 0;
  }

  /**
   * Applies one page and moves the cursor: rows, search index and cursor commit together (or,
   * with `transactionChanges`, in several transactions, the cursor with the last), so a crash
   * leaves the store fully indexed, resuming at the start of the page it was in.
   */
  applyPage(page: PullResponse, now: Date = new Date(), options: { readonly indexAtEnd?: boolean } = {}): ApplySummary {
    const summary: ApplySummary = { cursor: page.cursor, contacts: [], calls: [], notes: 0, history: 0, scripts: 0, campaigns: 0, callbacks: 0, messages: 0, refused: [] };
    const size = Math.max(1, options.indexAtEnd ? this.largePullTransactionChanges() : (this.options.transactionChanges ?? Infinity));
    const batched = page.changes.length >= (this.options.batchIndexFrom ?? BATCH_INDEX_FROM);
    const priority = this.options.priority;
    for (let from = 0; ; ) {
      // The agent's writes first (write-priority.ts): begin only when the core is not waiting.
      priority?.giveWay();
      const end = Math.min(page.changes.length, from + size);
      let to = from;
      this.db.transaction(() => {
        this.db.pragma('defer_foreign_keys = ON');
        // Read per transaction: a save made between two of them is protected too.
        const pending = this.pending();
        if (options.indexAtEnd) markSearchIndexPending(this.db);
        if (batched) deferSearchIndex(this.db);
        while (to < end) {
          this.apply(page.changes[to] as Change, pending, summary);
          to++;
          // The core asked for the lock: commit what is written and let it in.
          if ((to - from) % GIVE_WAY_CHECK_CHANGES === 0 && priority?.waiting()) break;
        }
        if (batched) flushSearchIndex(this.db);
        if (to === page.changes.length) this.s.cursor.run(typeof page.cursor === 'number' ? { cursor: page.cursor, position: null, at: now.toISOString() } : { cursor: 0, position: page.cursor, at: now.toISOString() });
      }).immediate();
      if (to === page.changes.length) return summary;
      from = to;
    }
  }

  /** Whether a pull with this many changes ahead is a large one (see largePullFrom). */
  isLargePull(changesAhead: number): boolean {
    return changesAhead >= (this.options.largePullFrom ?? INDEX_AT_END_FROM);
  }

  /** Most changes one transaction of a large pull takes: pages that have arrived are merged up to it (pull-loop.ts). */
  largePullTransactionChanges(): number {
    return this.options.largePullTransactionChanges ?? LARGE_PULL_TRANSACTION_CHANGES;
  }

  /** This connection's settings for a large pull, until `end()` (wal-checkpoints.ts). */
  beginBulkWrite(): BulkWrite {
    return beginBulkWrite(this.db);
  }

  /** Whether contacts are waiting for their search rows (a large pull not finished, or its index build cut short). */
  searchIndexPending(): boolean {
    return searchIndexPendingFrom(this.db) !== null;
  }

  /** Builds the next chunk of a pending search index (search-index.ts); call until `done`. */
  buildSearchIndex(chunk: number = this.options.searchIndexChunk ?? SEARCH_INDEX_CHUNK): SearchIndexBuild {
    const priority = this.options.priority;
    priority?.giveWay();
    return buildPendingSearchIndex(this.db, chunk, priority ? { step: SEARCH_INDEX_GIVE_WAY_STEP, waiting: () => priority.waiting() } : undefined);
  }

  apply(change: Change, pending: Pending, summary: ApplySummary): void {
    (APPLY[change.entity] as Applier<ChangeEntity>)(this, change, pending, summary);
  }

  pending(): Pending {
    const p: Pending = { contactFields: new Map(), calls: new Set(), dispositions: new Set(), callbacks: new Set(), leads: new Set() };
    for (const row of this.outbox.peek()) {
      if (row.mutation) (PENDING[row.mutation.kind] as PendingMark<MutationKind>)(row.mutation, p);
    }
    return p;
  }

  applyContact(c: ServerContact, pendingFields: ReadonlySet<ContactField> | undefined): void {
    const existing = this.s.contactRow.get(c.id);
    const values: ContactValues = { id: c.id, updated_at: c.updatedAt };
    for (const f of SCALARS) {
      const col = COLUMN[f];
      const keepLocal = existing && pendingFields?.has(f);
      const v = c.fields[f];
      values[col] = keepLocal ? (existing[col] as string | number) : typeof v === 'boolean' ? (v ? 1 : 0) : (v as string);
      values[`${col}_v`] = keepLocal ? (existing[`${col}_v`] as number) : c.fieldVersions[f];
    }
    const keepPhones = existing !== undefined && pendingFields?.has('phones') === true;
    values.phones_v = keepPhones ? (existing.phones_v as number) : c.fieldVersions.phones;
    if (!existing) {
      // Phones first (foreign keys are deferred for the page): 002's triggers then build the
      // contact's search row once, on the contact insert, instead of once more per phone.
      // That is most of the cost of an initial sync.
      c.fields.phones.forEach((p, i) => this.s.insertPhone.run(c.id, i, p.label, p.number));
      this.s.insertContact.run({ ...values, created_at: c.createdAt });
      return;
    }
    this.s.updateContact.run(values);
    if (keepPhones) return;
    const local = this.s.phones.all(c.id);
    const same = local.length === c.fields.phones.length && local.every((p, i) => p.label === c.fields.phones[i]?.label && p.e164 === c.fields.phones[i]?.number);
    if (same) return;
    this.s.deletePhones.run(c.id);
    c.fields.phones.forEach((p, i) => this.s.insertPhone.run(c.id, i, p.label, p.number));
  }

  applyHistory(e: ContactHistoryEntry, version: number): void {
    this.s.history.run({
      id: e.id,
      contactId: e.contactId,
      field: e.field,
      losing: JSON.stringify(e.losingValue ?? null),
      winning: JSON.stringify(e.winningValue ?? null),
      losingAgentId: e.losingAgentId,
      winningAgentId: e.winningAgentId,
      recordedAt: e.recordedAt,
      version,
    });
  }

  applyCall(c: ServerCall): void {
    this.s.call.run({ ...c, campaignId: c.campaignId ?? null, outcome: c.outcome ?? null, holdMs: (c.holdSeconds ?? 0) * 1000, remoteE164: this.normalize(c.remoteNumber) });
  }

  applyNote(n: ServerNote): void {
    // 002 keeps only notes about a call or a contact; the server refuses any other.
    if (n.callId === null && n.contactId === null) return;
    this.s.note.run(n);
  }

  applyDisposition(d: ServerDisposition): void {
    this.s.deleteDispositions.run(d.callId);
    this.s.disposition.run(d);
  }

  applyCallback(c: ServerCallback): void {
    this.s.callback.run(c);
  }

  applyMessage(m: ServerMessage): void {
    applyPulledMessage(this.db, m);
  }

  applyScript(s: ServerScript): void {
    // Validated before it is installed: a refused version is recorded, the previous one stays.
    installScript(this.db, s);
  }
}

type ChangeOf<E extends ChangeEntity> = Extract<Change, { entity: E }>;
type Applier<E extends ChangeEntity> = (applier: PullApplier, change: ChangeOf<E>, pending: Pending, summary: ApplySummary) => void;

/**
 * How each pulled entity lands in the local store. Typed over every change entity: a new one
 * does not compile until it says how it is applied.
 */
const APPLY: { [E in ChangeEntity]: Applier<E> } = {
  message: (a, { message }, _pending, summary) => {
    a.applyMessage(message);
    summary.messages++;
  },
  contact: (a, { contact }, pending, summary) => {
    a.applyContact(contact, pending.contactFields.get(contact.id));
    summary.contacts.push(contact.id);
  },
  'contact.history': (a, { entry, version }, _pending, summary) => {
    a.applyHistory(entry, version);
    summary.history++;
  },
  call: (a, { call }, pending, summary) => {
    if (!pending.calls.has(call.callId)) a.applyCall(call);
    summary.calls.push(call.callId);
  },
  note: (a, { note }, _pending, summary) => {
    a.applyNote(note);
    summary.notes++;
  },
  disposition: (a, { disposition }, pending) => {
    if (!pending.dispositions.has(disposition.callId)) a.applyDisposition(disposition);
  },
  callback: (a, { callback }, pending, summary) => {
    if (!pending.callbacks.has(callback.callbackId)) a.applyCallback(callback);
    summary.callbacks++;
  },
  script: (a, { script }, _pending, summary) => {
    a.applyScript(script);
    summary.scripts++;
  },
  campaign: (a, { campaign }, _pending, summary) => {
    const refused = a.campaigns.applyCampaign(campaign);
    if (refused) summary.refused.push({ entity: 'campaign', id: campaign.id, code: refused.code, message: refused.message });
    else summary.campaigns++;
  },
  lead: (a, { lead }, pending, summary) => {
    a.campaigns.applyLead(lead, pending.leads.has(lead.id));
    summary.campaigns++;
  },
  dnc: (a, { dnc }, _pending, summary) => {
    a.campaigns.applyDnc(dnc);
    summary.campaigns++;
  },
};

type MutationOf<K extends MutationKind> = Extract<Mutation, { kind: K }>;
type PendingMark<K extends MutationKind> = (m: MutationOf<K>, p: Pending) => void;

const fieldsOf = (p: Pending, id: string): Set<ContactField> => {
  const known = p.contactFields.get(id);
  if (known) return known;
  const fresh = new Set<ContactField>();
  p.contactFields.set(id, fresh);
  return fresh;
};

/**
 * What each queued mutation keeps a pulled value from overwriting. Typed over every mutation
 * kind: a new one must say what it protects (nothing, for append-only and write-only kinds).
 */
const PENDING: { [K in MutationKind]: PendingMark<K> } = {
  'contact.create': (m, p) => CONTACT_FIELD_NAMES.forEach((f) => fieldsOf(p, m.contactId).add(f)),
  'contact.update': (m, p) => m.changes.forEach((ch) => fieldsOf(p, m.contactId).add(ch.field)),
  'call.upsert': (m, p) => p.calls.add(m.callId),
  'disposition.set': (m, p) => p.dispositions.add(m.callId),
  'callback.schedule': (m, p) => p.callbacks.add(m.callbackId),
  'callback.status': (m, p) => p.callbacks.add(m.callbackId),
  'lead.outcome': (m, p) => p.leads.add(m.leadId),
  // Notes are append-only, presence and script answers are never pulled back.
  'note.append': () => undefined,
  'presence.set': () => undefined,
  'script.answers': () => undefined,
  // A pulled message never clears a local acknowledgement (applyPulledMessage keeps it).
  'message.ack': () => undefined,
};
