import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { CONTACT_FIELD_NAMES, ContactFields, type ContactField, type ServerContact } from '../contract';
import type { Sql } from './db';
import { ISO, markChanged, reject, uuids, type LogRow, type Rules, type Writer } from './push-batch';

/**
 * Contacts in a push: the field-level merge (the later write in server order wins, the value it
 * replaces is kept as contact history) and writing contacts, their phones and that history.
 */

const FieldMeta = z.object({ v: z.number().int(), c: z.string().nullable(), a: z.string().nullable() });
/** Per field: the version that wrote it, and the client and agent who did. */
type FieldMeta = z.infer<typeof FieldMeta>;

const ContactRow = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  company: z.string(),
  email: z.string(),
  timezone: z.string(),
  do_not_call: z.boolean(),
  field_meta: z.record(z.string(), FieldMeta),
  created_by: z.string().nullable(),
  created_at: z.string(),
  phones: z.array(z.object({ label: z.string(), number: z.string() })),
});

/** Marks a field written in this batch; replaced by the contact's new version at flush. */
const PENDING = -1;

export interface ContactState {
  id: string;
  fields: ServerContact['fields'];
  meta: Record<string, FieldMeta>;
  createdBy: string | null;
  createdAt: string;
  isNew: boolean;
  phonesChanged: boolean;
}

/**
 * Loads and locks (in id order, so two pushes cannot deadlock on each other's contacts) the
 * contacts a push touches: a concurrent push of the same contact waits, then merges on top.
 */
export async function loadContacts(tx: Sql, ids: ReadonlySet<string>, into: Map<string, ContactState>): Promise<void> {
  if (ids.size === 0) return;
  const { rows } = await tx.query(
    `SELECT c.id::text, c.first_name, c.last_name, c.company, c.email, c.timezone, c.do_not_call, c.field_meta,
            c.created_by::text, ${ISO('c.created_at')} AS created_at,
            coalesce((SELECT jsonb_agg(jsonb_build_object('label', p.label, 'number', p.number) ORDER BY p.position)
                      FROM contact_phones p WHERE p.contact_id = c.id), '[]'::jsonb) AS phones
     FROM contacts c WHERE c.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) ORDER BY c.id FOR UPDATE OF c`,
    [uuids(ids)],
  );
  for (const raw of rows) {
    const r = ContactRow.parse(raw);
    into.set(r.id, {
      id: r.id,
      fields: { firstName: r.first_name, lastName: r.last_name, company: r.company, email: r.email, phones: r.phones, timezone: r.timezone, doNotCall: r.do_not_call },
      meta: r.field_meta,
      createdBy: r.created_by,
      createdAt: r.created_at,
      isNew: false,
      phonesChanged: false,
    });
  }
}

export const contactRules: Rules<'contact.create' | 'contact.update'> = {
  'contact.create': {
    load: (m, rows) => rows.contacts.add(m.contactId),
    apply: (b, m) => {
      if (b.contacts.has(m.contactId)) reject('CONFLICT', 'A contact with this id already exists on the server.');
      const meta: Record<string, FieldMeta> = {};
      for (const f of CONTACT_FIELD_NAMES) meta[f] = { v: PENDING, c: b.clientId, a: b.agentId };
      b.contacts.set(m.contactId, { id: m.contactId, fields: m.fields, meta, createdBy: b.agentId, createdAt: b.now, isNew: true, phonesChanged: true });
      markChanged(b, 'contact', m.contactId);
    },
  },
  'contact.update': {
    load: (m, rows) => rows.contacts.add(m.contactId),
    apply: (b, m) => {
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
          const id = randomUUID();
          b.history.set(id, {
            id,
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
      if (changed) markChanged(b, 'contact', c.id);
    },
  },
};

/** The contact as pulled; fields written in this batch take its new version (in `c.meta` too). */
function contactSnapshot(c: ContactState, version: number, now: string): ServerContact {
  const fieldVersions = {} as Record<ContactField, number>;
  for (const f of CONTACT_FIELD_NAMES) {
    const m = c.meta[f] ?? { v: 0, c: null, a: null };
    if (m.v === PENDING) m.v = version;
    fieldVersions[f] = m.v;
  }
  return { id: c.id, fields: c.fields, fieldVersions, createdAt: c.createdAt, updatedAt: now };
}

/** Contacts (every agent sees them) and, when a write changed them, their phones. */
export const writeContacts: Writer = async (tx, b, changed) => {
  const log: LogRow[] = [];
  const contacts: Array<Record<string, unknown>> = [];
  const phonesOf: string[] = [];
  const phones: Array<Record<string, unknown>> = [];
  for (const { id, version } of changed) {
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
  return log;
};

/** The values contact merges replaced, for every agent. */
export const writeContactHistory: Writer = async (tx, b, changed) => {
  if (changed.length === 0) return [];
  const entries = changed.map(({ id, version }) => ({ entry: b.history.get(id) ?? reject('INTERNAL', 'lost history entry'), version }));
  await tx.query(
    `INSERT INTO contact_history (id, contact_id, field, losing_value, winning_value, losing_agent_id, winning_agent_id, version, recorded_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, contact_id uuid, field text, losing_value jsonb, winning_value jsonb,
       losing_agent_id uuid, winning_agent_id uuid, version bigint, recorded_at timestamptz)`,
    [
      JSON.stringify(
        entries.map(({ entry: h, version }) => ({
          id: h.id,
          contact_id: h.contactId,
          field: h.field,
          losing_value: h.losingValue,
          winning_value: h.winningValue,
          losing_agent_id: h.losingAgentId,
          winning_agent_id: h.winningAgentId,
          version,
          recorded_at: h.recordedAt,
        })),
      ),
    ],
  );
  return entries.map(({ entry, version }) => ({ version, entity: 'contact.history', entity_id: entry.id, audience: null, payload: { entity: 'contact.history', entry } }));
};
