import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import {
  AgentError,
  CONTACT_FIELD_NAMES,
  ContactFields,
  Mutation,
  type AgentErrorShape,
  type Change,
  type ContactField,
  type ContactHistoryEntry,
  type PushEnvelope,
  type PushOutcome,
  type ServerCall,
  type ServerCallback,
  type ServerContact,
  type ServerDisposition,
  type ServerLead,
  type ServerNote,
} from '../contract';
import type { Sql, SyncDb } from './db';
import { writeScriptAnswers, type ScriptAnswersRow } from './script-answers';
import { decideLeadOutcome, loadLeads, writeLeads, type LeadState } from './leads';

/**
 * Every push takes this lock for its whole transaction, on every server instance: versions are
 * then handed out in commit order (a puller can never skip one), and concurrent edits of one
 * contact resolve in one order everyone agrees on.
 */
export const PUSH_LOCK = 4_711_002;
export const POKE_CHANNEL = 'sync_poke';

/** What a NOTIFY on POKE_CHANNEL carries: the newest version and who may see it (null: everyone). */
export const PokeNotice = z.object({ v: z.number().int().nonnegative(), a: z.array(z.string()).nullable() });
export type PokeNotice = z.infer<typeof PokeNotice>;

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const FieldMeta = z.object({ v: z.number().int(), c: z.string().nullable(), a: z.string().nullable() });
type FieldMeta = z.infer<typeof FieldMeta>;
const FieldMetaMap = z.record(z.string(), FieldMeta);

const ContactRow = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  company: z.string(),
  email: z.string(),
  timezone: z.string(),
  do_not_call: z.boolean(),
  field_meta: FieldMetaMap,
  created_by: z.string().nullable(),
  created_at: z.string(),
  phones: z.array(z.object({ label: z.string(), number: z.string() })),
});
const CallRow = z.object({
  id: z.string(),
  agent_id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  local_number: z.string(),
  remote_number: z.string(),
  contact_id: z.string().nullable(),
  started_at: z.string(),
  answered_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  end_cause: z.string().nullable(),
  campaign_id: z.string().nullable(),
});
const Processed = z.object({
  mutation_id: z.string(),
  outcome: z.discriminatedUnion('status', [
    z.object({ status: z.literal('applied') }),
    z.object({ status: z.literal('rejected'), error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
});

/** Marks a field written in this batch; replaced by the contact's new version at flush. */
const PENDING = -1;

interface ContactState {
  id: string;
  fields: ServerContact['fields'];
  meta: Record<string, FieldMeta>;
  createdBy: string | null;
  createdAt: string;
  isNew: boolean;
  phonesChanged: boolean;
}

interface Batch {
  agentId: string;
  clientId: string;
  now: string;
  contacts: Map<string, ContactState>;
  calls: Map<string, ServerCall>;
  existingNotes: Set<string>;
  callbacks: Map<string, ServerCallback>;
  /** Entities changed in this batch, in first-touch order: "contact:<id>", "call:<id>", … */
  dirty: Map<string, true>;
  newNotes: Map<string, ServerNote>;
  dispositions: Map<string, ServerDisposition>;
  history: ContactHistoryEntry[];
  presence: { state: string; reason: string | null; since: string } | null;
  /** Script answers accepted in this batch, by call (see script-answers.ts). */
  scriptAnswers: Map<string, ScriptAnswersRow>;
  /** Leads named by lead outcomes in this batch (see leads.ts). */
  leads: Map<string, LeadState>;
}

const reject = (code: AgentErrorShape['code'], message: string): never => {
  throw new AgentError(code, message);
};

const uuids = (ids: Iterable<string>) => JSON.stringify([...new Set(ids)]);

async function loadState(tx: Sql, agentId: string, clientId: string, mutations: readonly Mutation[], now: string): Promise<Batch> {
  const contactIds = new Set<string>();
  const callIds = new Set<string>();
  const noteIds = new Set<string>();
  const callbackIds = new Set<string>();
  for (const m of mutations) {
    if (m.kind === 'contact.create' || m.kind === 'contact.update') contactIds.add(m.contactId);
    if (m.kind === 'call.upsert' || m.kind === 'disposition.set' || m.kind === 'script.answers') callIds.add(m.callId);
    if (m.kind === 'note.append') {
      noteIds.add(m.noteId);
      if (m.callId) callIds.add(m.callId);
    }
    if (m.kind === 'callback.schedule' || m.kind === 'callback.status') callbackIds.add(m.callbackId);
  }
  const batch: Batch = {
    agentId,
    clientId,
    now,
    contacts: new Map(),
    calls: new Map(),
    existingNotes: new Set(),
    callbacks: new Map(),
    dirty: new Map(),
    newNotes: new Map(),
    dispositions: new Map(),
    history: [],
    presence: null,
    scriptAnswers: new Map(),
    leads: await loadLeads(tx, agentId, mutations),
  };
  if (contactIds.size > 0) {
    const { rows } = await tx.query(
      `SELECT c.id::text, c.first_name, c.last_name, c.company, c.email, c.timezone, c.do_not_call, c.field_meta,
              c.created_by::text, ${ISO('c.created_at')} AS created_at,
              coalesce((SELECT jsonb_agg(jsonb_build_object('label', p.label, 'number', p.number) ORDER BY p.position)
                        FROM contact_phones p WHERE p.contact_id = c.id), '[]'::jsonb) AS phones
       FROM contacts c WHERE c.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
      [uuids(contactIds)],
    );
    for (const raw of rows) {
      const r = ContactRow.parse(raw);
      batch.contacts.set(r.id, {
        id: r.id,
        fields: {
          firstName: r.first_name,
          lastName: r.last_name,
          company: r.company,
          email: r.email,
          phones: r.phones,
          timezone: r.timezone,
          doNotCall: r.do_not_call,
        },
        meta: r.field_meta,
        createdBy: r.created_by,
        createdAt: r.created_at,
        isNew: false,
        phonesChanged: false,
      });
    }
  }
  if (callIds.size > 0) {
    const { rows } = await tx.query(
      `SELECT id::text, agent_id::text, direction, local_number, remote_number, contact_id::text,
              ${ISO('started_at')} AS started_at, ${ISO('answered_at')} AS answered_at, ${ISO('ended_at')} AS ended_at, end_cause, campaign_id
       FROM calls WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
      [uuids(callIds)],
    );
    for (const raw of rows) {
      const r = CallRow.parse(raw);
      batch.calls.set(r.id, {
        callId: r.id,
        agentId: r.agent_id,
        direction: r.direction,
        localNumber: r.local_number,
        remoteNumber: r.remote_number,
        contactId: r.contact_id,
        startedAt: r.started_at,
        answeredAt: r.answered_at,
        endedAt: r.ended_at,
        endCause: r.end_cause,
        campaignId: r.campaign_id,
      });
    }
  }
  if (noteIds.size > 0) {
    const { rows } = await tx.query<{ id: string }>(
      'SELECT id::text FROM notes WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))',
      [uuids(noteIds)],
    );
    for (const r of rows) batch.existingNotes.add(z.string().parse(r.id));
  }
  if (callbackIds.size > 0) {
    const { rows } = await tx.query(
      `SELECT id::text AS "callbackId", agent_id::text AS "agentId", contact_id::text AS "contactId", call_id::text AS "callId",
              ${ISO('due_at')} AS "dueAt", note, ${ISO('created_at')} AS "createdAt", status
       FROM callbacks WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
      [uuids(callbackIds)],
    );
    for (const raw of rows) {
      const r = z
        .object({
          callbackId: z.string(),
          agentId: z.string(),
          contactId: z.string(),
          callId: z.string().nullable(),
          dueAt: z.string(),
          note: z.string(),
          createdAt: z.string(),
          status: z.enum(['scheduled', 'done', 'cancelled']),
        })
        .parse(raw);
      batch.callbacks.set(r.callbackId, r);
    }
  }
  return batch;
}

/**
 * Applies one mutation to the batch's working state, or throws an AgentError and leaves the
 * state untouched: every check runs before the first write.
 */
function applyMutation(b: Batch, m: Mutation): void {
  switch (m.kind) {
    case 'contact.create': {
      if (b.contacts.has(m.contactId)) reject('CONFLICT', 'A contact with this id already exists on the server.');
      const meta: Record<string, FieldMeta> = {};
      for (const f of CONTACT_FIELD_NAMES) meta[f] = { v: PENDING, c: b.clientId, a: b.agentId };
      b.contacts.set(m.contactId, {
        id: m.contactId,
        fields: m.fields,
        meta,
        createdBy: b.agentId,
        createdAt: b.now,
        isNew: true,
        phonesChanged: true,
      });
      b.dirty.set(`contact:${m.contactId}`, true);
      return;
    }
    case 'contact.update': {
      const c = b.contacts.get(m.contactId) ?? reject('NOT_FOUND', 'The contact is not on the server.');
      const values = m.changes.map((ch) => {
        const parsed = ContactFields.shape[ch.field].safeParse(ch.value);
        if (!parsed.success) reject('INVALID_INPUT', `The new ${ch.field} is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
        return { ...ch, value: parsed.data as unknown };
      });
      let changed = false;
      for (const ch of values) {
        const field: ContactField = ch.field;
        const current: unknown = c.fields[field];
        if (isDeepStrictEqual(current, ch.value)) continue;
        const meta = c.meta[field] ?? { v: 0, c: null, a: null };
        // Someone else wrote this field after the version this edit started from: the later
        // write in server order wins, and the value it replaces is kept, not dropped.
        if (meta.v !== PENDING && meta.v > ch.baseVersion && meta.c !== b.clientId) {
          b.history.push({
            id: randomUUID(),
            contactId: c.id,
            field,
            losingValue: current,
            winningValue: ch.value,
            losingAgentId: meta.a,
            winningAgentId: b.agentId,
            recordedAt: b.now,
          });
        }
        (c.fields as Record<ContactField, unknown>)[field] = ch.value;
        c.meta[field] = { v: PENDING, c: b.clientId, a: b.agentId };
        if (field === 'phones') c.phonesChanged = true;
        changed = true;
      }
      if (changed) b.dirty.set(`contact:${c.id}`, true);
      return;
    }
    case 'call.upsert': {
      const existing = b.calls.get(m.callId);
      if (existing && existing.agentId !== b.agentId) reject('FORBIDDEN', 'This call belongs to another agent.');
      // Lifecycle stamps only move forward: a late retry of an earlier state never erases one.
      b.calls.set(m.callId, {
        callId: m.callId,
        agentId: b.agentId,
        direction: m.direction,
        localNumber: m.localNumber,
        remoteNumber: m.remoteNumber,
        contactId: m.contactId ?? existing?.contactId ?? null,
        startedAt: m.startedAt,
        answeredAt: m.answeredAt ?? existing?.answeredAt ?? null,
        endedAt: m.endedAt ?? existing?.endedAt ?? null,
        endCause: m.endCause ?? existing?.endCause ?? null,
        campaignId: m.campaignId ?? existing?.campaignId ?? null,
      });
      b.dirty.set(`call:${m.callId}`, true);
      return;
    }
    case 'note.append': {
      if (b.existingNotes.has(m.noteId) || b.newNotes.has(m.noteId)) reject('CONFLICT', 'Notes are append-only: a note with this id already exists.');
      if (m.callId === null && m.contactId === null) reject('INVALID_INPUT', 'A note must be about a call or a contact.');
      const call = m.callId ? b.calls.get(m.callId) : undefined;
      if (call && call.agentId !== b.agentId) reject('FORBIDDEN', "A note can only be added to the agent's own call.");
      b.newNotes.set(m.noteId, { noteId: m.noteId, agentId: b.agentId, callId: m.callId, contactId: m.contactId, body: m.body, createdAt: m.createdAt });
      b.dirty.set(`note:${m.noteId}`, true);
      return;
    }
    case 'disposition.set': {
      const call = b.calls.get(m.callId) ?? reject('NOT_FOUND', 'The call this disposition is for is not on the server.');
      if (call.agentId !== b.agentId) reject('FORBIDDEN', "A disposition can only be set on the agent's own call.");
      b.dispositions.set(m.callId, { callId: m.callId, agentId: b.agentId, code: m.code, createdAt: m.createdAt });
      b.dirty.set(`disposition:${m.callId}`, true);
      return;
    }
    case 'callback.schedule': {
      const existing = b.callbacks.get(m.callbackId);
      if (existing && existing.agentId !== b.agentId) reject('FORBIDDEN', 'This callback belongs to another agent.');
      b.callbacks.set(m.callbackId, {
        callbackId: m.callbackId,
        agentId: b.agentId,
        contactId: m.contactId,
        callId: m.callId,
        dueAt: m.dueAt,
        note: m.note,
        createdAt: existing?.createdAt ?? b.now,
        status: existing?.status ?? 'scheduled',
      });
      b.dirty.set(`callback:${m.callbackId}`, true);
      return;
    }
    case 'callback.status': {
      const existing = b.callbacks.get(m.callbackId) ?? reject('NOT_FOUND', 'The callback is not on the server.');
      if (existing.agentId !== b.agentId) reject('FORBIDDEN', "An agent can only close their own callbacks.");
      // The same close sent again (another mutation id, e.g. from a restored outbox) changes nothing.
      if (existing.status === m.status) return;
      if (existing.status !== 'scheduled') reject('CONFLICT', `The callback is already ${existing.status}.`);
      b.callbacks.set(m.callbackId, { ...existing, status: m.status });
      b.dirty.set(`callback:${m.callbackId}`, true);
      return;
    }
    case 'presence.set': {
      b.presence = { state: m.state, reason: m.reason, since: m.since };
      return;
    }
    case 'script.answers': {
      const call = b.calls.get(m.callId) ?? reject('NOT_FOUND', 'The call these script answers are for is not on the server.');
      if (call.agentId !== b.agentId) reject('FORBIDDEN', "Script answers can only be stored for the agent's own call.");
      const { callId, scriptId, scriptVersion, answers, finishedAt } = m;
      b.scriptAnswers.set(callId, { callId, agentId: b.agentId, scriptId, scriptVersion, answers, finishedAt });
      return;
    }
    case 'lead.outcome': {
      const state = b.leads.get(m.leadId);
      // A do-not-call flag set earlier in this batch counts too.
      const contact = state ? b.contacts.get(state.lead.contactId) : undefined;
      const lead = decideLeadOutcome(contact && state ? { ...state, contactDoNotCall: contact.fields.doNotCall } : state, b.agentId, m, b.now);
      if (state) state.lead = lead;
      b.dirty.set(`lead:${m.leadId}`, true);
      return;
    }
  }
}

/** A change as stored in the log: the Change shape without its version, which lives in its own column. */
type ChangeBody = Change extends infer C ? (C extends unknown ? Omit<C, 'version'> : never) : never;

interface LogRow {
  version: number;
  entity: Change['entity'];
  entity_id: string;
  audience: string | null;
  payload: ChangeBody;
}

function contactSnapshot(c: ContactState, version: number, now: string): ServerContact {
  const fieldVersions = {} as Record<ContactField, number>;
  for (const f of CONTACT_FIELD_NAMES) {
    const m = c.meta[f] ?? { v: 0, c: null, a: null };
    if (m.v === PENDING) m.v = version;
    fieldVersions[f] = m.v;
  }
  return { id: c.id, fields: c.fields, fieldVersions, createdAt: c.createdAt, updatedAt: now };
}

async function flush(tx: Sql, b: Batch): Promise<PokeNotice | null> {
  const keys = [...b.dirty.keys()];
  const total = keys.length + b.history.length;
  if (total === 0 && !b.presence) return null;
  const versions = total === 0 ? [] : (
    await tx.query<{ v: string }>("SELECT nextval('change_version')::text AS v FROM generate_series(1, $1::int)", [total])
  ).rows
    .map((r) => Number(r.v))
    .sort((x, y) => x - y);
  let next = 0;
  const log: LogRow[] = [];
  const contacts: Array<Record<string, unknown>> = [];
  const phonesOf: string[] = [];
  const phones: Array<Record<string, unknown>> = [];
  const calls: ServerCall[] = [];
  const notes: ServerNote[] = [];
  const dispositions: ServerDisposition[] = [];
  const callbacks: ServerCallback[] = [];
  const leads: ServerLead[] = [];
  for (const key of keys) {
    const version = versions[next++] ?? reject('INTERNAL', 'version allocation');
    const sep = key.indexOf(':');
    const kind = key.slice(0, sep);
    const id = key.slice(sep + 1);
    if (kind === 'contact') {
      const c = b.contacts.get(id) ?? reject('INTERNAL', 'lost contact');
      const snap = contactSnapshot(c, version, b.now);
      contacts.push({
        id: c.id,
        first_name: c.fields.firstName,
        last_name: c.fields.lastName,
        company: c.fields.company,
        email: c.fields.email,
        timezone: c.fields.timezone,
        do_not_call: c.fields.doNotCall,
        field_meta: c.meta,
        version,
        created_by: c.createdBy,
        created_at: c.createdAt,
        updated_at: b.now,
      });
      if (c.phonesChanged) {
        phonesOf.push(c.id);
        c.fields.phones.forEach((p, position) => phones.push({ contact_id: c.id, position, label: p.label, number: p.number }));
      }
      log.push({ version, entity: 'contact', entity_id: id, audience: null, payload: { entity: 'contact', contact: snap } });
    } else if (kind === 'call') {
      const call = b.calls.get(id) ?? reject('INTERNAL', 'lost call');
      calls.push(call);
      log.push({ version, entity: 'call', entity_id: id, audience: b.agentId, payload: { entity: 'call', call } });
    } else if (kind === 'note') {
      const note = b.newNotes.get(id) ?? reject('INTERNAL', 'lost note');
      notes.push(note);
      // A note about a contact is part of that contact's record for every agent.
      log.push({ version, entity: 'note', entity_id: id, audience: note.contactId ? null : b.agentId, payload: { entity: 'note', note } });
    } else if (kind === 'disposition') {
      const d = b.dispositions.get(id) ?? reject('INTERNAL', 'lost disposition');
      dispositions.push(d);
      log.push({ version, entity: 'disposition', entity_id: id, audience: b.agentId, payload: { entity: 'disposition', disposition: d } });
    } else if (kind === 'callback') {
      const cb = b.callbacks.get(id) ?? reject('INTERNAL', 'lost callback');
      callbacks.push(cb);
      log.push({ version, entity: 'callback', entity_id: id, audience: b.agentId, payload: { entity: 'callback', callback: cb } });
    } else if (kind === 'lead') {
      const lead = b.leads.get(id)?.lead ?? reject('INTERNAL', 'lost lead');
      leads.push(lead);
      // Every agent on the campaign must see that the lead is taken.
      log.push({ version, entity: 'lead', entity_id: id, audience: null, payload: { entity: 'lead', lead } });
    }
  }
  for (const entry of b.history) {
    const version = versions[next++] ?? reject('INTERNAL', 'version allocation');
    log.push({ version, entity: 'contact.history', entity_id: entry.id, audience: null, payload: { entity: 'contact.history', entry } });
  }

  if (contacts.length > 0) {
    await tx.query(
      `INSERT INTO contacts (id, first_name, last_name, company, email, timezone, do_not_call, field_meta, version, created_by, created_at, updated_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, first_name text, last_name text, company text, email text, timezone text,
         do_not_call boolean, field_meta jsonb, version bigint, created_by uuid, created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name, company = excluded.company,
         email = excluded.email, timezone = excluded.timezone, do_not_call = excluded.do_not_call, field_meta = excluded.field_meta,
         version = excluded.version, updated_at = excluded.updated_at`,
      [JSON.stringify(contacts)],
    );
  }
  if (phonesOf.length > 0) {
    await tx.query('DELETE FROM contact_phones WHERE contact_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))', [uuids(phonesOf)]);
    if (phones.length > 0) {
      await tx.query(
        `INSERT INTO contact_phones (contact_id, position, label, number)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(contact_id uuid, position int, label text, number text)`,
        [JSON.stringify(phones)],
      );
    }
  }
  if (b.history.length > 0) {
    const rows = b.history.map((h, i) => ({
      id: h.id,
      contact_id: h.contactId,
      field: h.field,
      losing_value: h.losingValue,
      winning_value: h.winningValue,
      losing_agent_id: h.losingAgentId,
      winning_agent_id: h.winningAgentId,
      version: versions[keys.length + i],
      recorded_at: h.recordedAt,
    }));
    await tx.query(
      `INSERT INTO contact_history (id, contact_id, field, losing_value, winning_value, losing_agent_id, winning_agent_id, version, recorded_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, contact_id uuid, field text, losing_value jsonb, winning_value jsonb,
         losing_agent_id uuid, winning_agent_id uuid, version bigint, recorded_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }
  if (calls.length > 0) {
    await tx.query(
      `INSERT INTO calls (id, agent_id, direction, local_number, remote_number, contact_id, started_at, answered_at, ended_at, end_cause, campaign_id, updated_at)
       SELECT x.*, now() FROM jsonb_to_recordset($1::jsonb) AS x("callId" uuid, "agentId" uuid, direction text, "localNumber" text,
         "remoteNumber" text, "contactId" uuid, "startedAt" timestamptz, "answeredAt" timestamptz, "endedAt" timestamptz, "endCause" text, "campaignId" text)
       ON CONFLICT (id) DO UPDATE SET direction = excluded.direction, local_number = excluded.local_number, remote_number = excluded.remote_number,
         contact_id = excluded.contact_id, started_at = excluded.started_at, answered_at = excluded.answered_at, ended_at = excluded.ended_at,
         end_cause = excluded.end_cause, campaign_id = excluded.campaign_id, updated_at = now()`,
      [JSON.stringify(calls)],
    );
  }
  if (notes.length > 0) {
    await tx.query(
      `INSERT INTO notes (id, agent_id, call_id, contact_id, body, created_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("noteId" uuid, "agentId" uuid, "callId" uuid, "contactId" uuid, body text, "createdAt" timestamptz)`,
      [JSON.stringify(notes)],
    );
  }
  if (dispositions.length > 0) {
    await tx.query(
      `INSERT INTO dispositions (call_id, agent_id, code, created_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("callId" uuid, "agentId" uuid, code text, "createdAt" timestamptz)
       ON CONFLICT (call_id) DO UPDATE SET code = excluded.code, created_at = excluded.created_at`,
      [JSON.stringify(dispositions)],
    );
  }
  if (callbacks.length > 0) {
    await tx.query(
      `INSERT INTO callbacks (id, agent_id, contact_id, call_id, due_at, note, created_at, status)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("callbackId" uuid, "agentId" uuid, "contactId" uuid, "callId" uuid,
         "dueAt" timestamptz, note text, "createdAt" timestamptz, status text)
       ON CONFLICT (id) DO UPDATE SET contact_id = excluded.contact_id, call_id = excluded.call_id, due_at = excluded.due_at, note = excluded.note,
         status = excluded.status,
         status_at = CASE WHEN callbacks.status IS DISTINCT FROM excluded.status THEN now() ELSE callbacks.status_at END`,
      [JSON.stringify(callbacks)],
    );
  }
  await writeLeads(tx, leads);
  if (b.presence) {
    await tx.query(
      `INSERT INTO presence (agent_id, state, reason, since) VALUES ($1, $2, $3, $4)
       ON CONFLICT (agent_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since, updated_at = now()`,
      [b.agentId, b.presence.state, b.presence.reason, b.presence.since],
    );
  }
  if (log.length === 0) return null;
  await tx.query(
    `INSERT INTO change_log (version, entity, entity_id, audience, payload)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(version bigint, entity text, entity_id text, audience uuid, payload jsonb)
     ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, audience = excluded.audience, payload = excluded.payload`,
    [JSON.stringify(log)],
  );
  const everyone = log.some((l) => l.audience === null);
  return { v: Math.max(...log.map((l) => l.version)), a: everyone ? null : [b.agentId] };
}

/** Postgres' data and constraint errors: retrying the same mutation would fail the same way. */
function isDataError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return /^(22|23)/.test(code);
}

interface Item {
  mutationId: string;
  parsed: { ok: true; mutation: Mutation } | { ok: false; error: AgentErrorShape };
}

async function pushInTransaction(tx: Sql, agentId: string, clientId: string, items: readonly Item[]): Promise<{ outcomes: PushOutcome[]; notice: PokeNotice | null }> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
  const { rows } = await tx.query(
    `SELECT mutation_id::text, outcome FROM processed_mutations
     WHERE client_id = $1 AND mutation_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [clientId, uuids(items.map((i) => i.mutationId))],
  );
  const before = new Map(rows.map((r) => Processed.parse(r)).map((p) => [p.mutation_id, p.outcome]));
  const valid = items.flatMap((i) => (i.parsed.ok && !before.has(i.mutationId) ? [i.parsed.mutation] : []));
  const b = await loadState(tx, agentId, clientId, valid, new Date().toISOString());
  const outcomes: PushOutcome[] = [];
  const processed: Array<{ mutation_id: string; kind: string; outcome: unknown }> = [];
  const seen = new Map<string, PushOutcome>();
  for (const item of items) {
    const prior = before.get(item.mutationId);
    const again = seen.get(item.mutationId);
    if (prior || again) {
      const status = prior ?? (again?.status === 'rejected' ? { status: 'rejected' as const, error: again.error } : { status: 'applied' as const });
      outcomes.push(
        status.status === 'applied'
          ? { mutationId: item.mutationId, status: 'duplicate' }
          : { mutationId: item.mutationId, status: 'rejected', error: status.error as AgentErrorShape },
      );
      continue;
    }
    let outcome: PushOutcome;
    if (!item.parsed.ok) {
      outcome = { mutationId: item.mutationId, status: 'rejected', error: item.parsed.error };
    } else {
      try {
        applyMutation(b, item.parsed.mutation);
        outcome = { mutationId: item.mutationId, status: 'applied' };
      } catch (err) {
        if (!(err instanceof AgentError)) throw err;
        outcome = { mutationId: item.mutationId, status: 'rejected', error: err.toShape() };
      }
    }
    seen.set(item.mutationId, outcome);
    outcomes.push(outcome);
    processed.push({
      mutation_id: item.mutationId,
      kind: item.parsed.ok ? item.parsed.mutation.kind : 'invalid',
      outcome: outcome.status === 'rejected' ? { status: 'rejected', error: outcome.error } : { status: 'applied' },
    });
  }
  const notice = await flush(tx, b);
  await writeScriptAnswers(tx, b.scriptAnswers);
  if (processed.length > 0) await recordProcessed(tx, agentId, clientId, processed);
  if (notice) await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify(notice)]);
  return { outcomes, notice };
}

async function recordProcessed(tx: Sql, agentId: string, clientId: string, rows: Array<{ mutation_id: string; kind: string; outcome: unknown }>) {
  await tx.query(
    `INSERT INTO processed_mutations (client_id, mutation_id, agent_id, kind, outcome)
     SELECT $1::uuid, x.mutation_id, $2::uuid, x.kind, x.outcome FROM jsonb_to_recordset($3::jsonb) AS x(mutation_id uuid, kind text, outcome jsonb)`,
    [clientId, agentId, JSON.stringify(rows)],
  );
}

/**
 * Applies a client's pushed mutations in order, in one transaction with the record of their
 * ids: a retried push is answered from that record and applied once. A mutation the rules
 * refuse is rejected on its own with a typed error; the rest of the batch still applies.
 */
export async function push(db: SyncDb, agentId: string, envelope: PushEnvelope): Promise<PushOutcome[]> {
  const items: Item[] = envelope.mutations.map((m) => {
    const parsed = Mutation.safeParse(m.mutation);
    return {
      mutationId: m.mutationId,
      parsed: parsed.success
        ? { ok: true, mutation: parsed.data }
        : { ok: false, error: { code: 'INVALID_INPUT', message: `The change is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.` } },
    };
  });
  try {
    return (await db.transaction((tx) => pushInTransaction(tx, agentId, envelope.clientId, items))).outcomes;
  } catch (err) {
    if (!isDataError(err) || items.length === 1) {
      if (isDataError(err) && items[0]) return [await rejectStored(db, agentId, envelope.clientId, items[0], err)];
      throw err;
    }
  }
  // One mutation the database refused sank the batch: find it by applying one at a time, so the
  // others are not held back and the bad one is rejected rather than retried forever.
  const outcomes: PushOutcome[] = [];
  for (const item of items) {
    try {
      outcomes.push(...(await db.transaction((tx) => pushInTransaction(tx, agentId, envelope.clientId, [item]))).outcomes);
    } catch (err) {
      if (!isDataError(err)) throw err;
      outcomes.push(await rejectStored(db, agentId, envelope.clientId, item, err));
    }
  }
  return outcomes;
}

async function rejectStored(db: SyncDb, agentId: string, clientId: string, item: Item, err: unknown): Promise<PushOutcome> {
  const detail = err instanceof Error ? err.message : String(err);
  const error: AgentErrorShape = { code: 'SYNC_REJECTED', message: `The server could not store this change (${detail}).` };
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
    await tx.query(
      `INSERT INTO processed_mutations (client_id, mutation_id, agent_id, kind, outcome) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [clientId, item.mutationId, agentId, item.parsed.ok ? item.parsed.mutation.kind : 'invalid', JSON.stringify({ status: 'rejected', error })],
    );
  });
  return { mutationId: item.mutationId, status: 'rejected', error };
}
