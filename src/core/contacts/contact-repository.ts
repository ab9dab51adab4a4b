import { randomUUID } from 'node:crypto';
import {
  AgentError,
  CONTACT_FIELD_NAMES,
  type Contact,
  type ContactField,
  type ContactFields,
  type ContactFieldsInput,
  type PhoneEntry,
  type PhoneInput,
} from '../../contract';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';
import { toE164, type NormalizeNumber } from './phone-number';

interface ContactRow {
  id: string;
  first_name: string;
  last_name: string;
  company: string;
  email: string;
  timezone: string;
  do_not_call: number;
  updated_at: string;
  phones: string;
}

/** Scalar fields and their columns; `phones` lives in contact_phones. */
const COLUMN: Record<Exclude<ContactField, 'phones'>, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  email: 'email',
  timezone: 'timezone',
  doNotCall: 'do_not_call',
};
export const versionColumn = (field: ContactField): string => (field === 'phones' ? 'phones_v' : `${COLUMN[field]}_v`);

const SELECT_CONTACT = `
  SELECT c.id, c.first_name, c.last_name, c.company, c.email, c.timezone, c.do_not_call, c.updated_at,
         (SELECT json_group_array(json_object('label', p.label, 'number', p.e164))
            FROM (SELECT label, e164 FROM contact_phones WHERE contact_id = c.id ORDER BY position) p) AS phones
  FROM contacts c`;

const toContact = (r: ContactRow): Contact => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  company: r.company,
  email: r.email,
  timezone: r.timezone,
  doNotCall: r.do_not_call === 1,
  phones: JSON.parse(r.phones) as PhoneEntry[],
  updatedAt: r.updated_at,
});

export const EMPTY_CONTACT: ContactFields = {
  firstName: '',
  lastName: '',
  company: '',
  email: '',
  phones: [],
  timezone: '',
  doNotCall: false,
};

/** Normalizes typed phones to E.164; a number that cannot be one is the caller's mistake. */
export function normalizePhones(phones: readonly PhoneInput[], normalize: NormalizeNumber = toE164): PhoneEntry[] {
  return phones.map((p, i) => {
    const number = normalize(p.number);
    // The message names the phone by its place, never by what was typed: failed calls' messages
    // are logged, and a customer's number must not be.
    if (!number) throw new AgentError('INVALID_INPUT', `Phone ${i + 1} is not a phone number (for example 0300 1234567 or +44 20 7946 0958).`);
    return { label: p.label, number };
  });
}

export function normalizeFields<T extends Partial<ContactFieldsInput>>(input: T, normalize: NormalizeNumber = toE164): Partial<ContactFields> {
  const { phones, ...rest } = input;
  return phones === undefined ? rest : { ...rest, phones: normalizePhones(phones, normalize) };
}

/**
 * Turns what the agent typed into an FTS5 query: every word must match as a prefix. A query
 * that is a phone number in any format matches the stored digits as one token; a leading
 * international prefix "00" (ITU-T E.164 §6.2.1's most common one, dialled in Pakistan) is
 * the "+" of the stored E.164 digits, so `0092 322-494 2043` finds +923224942043.
 */
export function ftsQuery(text: string): string | null {
  const trimmed = text.trim();
  if (/^[+\d][\d\s\-().]*$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '').replace(/^00(?=[1-9])/, '');
    return digits.length ? `phones : "${digits}"*` : null;
  }
  const words = trimmed.match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** Contacts, their phones and their search index, with every edit queued for the server. */
export class ContactRepository {
  private readonly byId;
  private readonly byPhone;
  private readonly searchStmt;
  private readonly insertContact;
  private readonly deletePhones;
  private readonly insertPhone;
  private readonly versions;

  private readonly outbox: Outbox;

  constructor(private readonly db: Db) {
    this.outbox = Outbox.for(db);
    this.byId = db.prepare<[string], ContactRow>(`${SELECT_CONTACT} WHERE c.id = ?`);
    this.byPhone = db.prepare<[string], ContactRow>(
      `${SELECT_CONTACT} WHERE c.id IN (SELECT contact_id FROM contact_phones WHERE e164 = ?) ORDER BY c.seq LIMIT 20`,
    );
    // No bm25: its IDF walks every match of each term ("Khan" is thousands of contacts), which
    // makes a common name the slowest search. Relevance instead comes from asking names first
    // (see search), and each query stops at its LIMIT.
    this.searchStmt = db.prepare<[string, number], ContactRow>(
      `${SELECT_CONTACT} JOIN (SELECT rowid AS seq FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT ?) m
         ON m.seq = c.seq ORDER BY c.seq`,
    );
    this.insertContact = db.prepare(
      `INSERT INTO contacts (id, first_name, last_name, company, email, timezone, do_not_call, created_at, updated_at)
       VALUES (@id, @firstName, @lastName, @company, @email, @timezone, @doNotCall, @now, @now)`,
    );
    this.deletePhones = db.prepare<[string]>('DELETE FROM contact_phones WHERE contact_id = ?');
    this.insertPhone = db.prepare<[string, number, string, string]>(
      'INSERT INTO contact_phones (contact_id, position, label, e164) VALUES (?, ?, ?, ?)',
    );
    this.versions = db.prepare<[string], Record<string, number>>(
      `SELECT ${CONTACT_FIELD_NAMES.map(versionColumn).join(', ')} FROM contacts WHERE id = ?`,
    );
  }

  get(id: string): Contact | null {
    const row = this.byId.get(id);
    return row ? toContact(row) : null;
  }

  require(id: string): Contact {
    const c = this.get(id);
    if (!c) throw new AgentError('NOT_FOUND', 'That contact does not exist on this workstation.');
    return c;
  }

  lookupByE164(e164: string): Contact[] {
    return this.byPhone.all(e164).map(toContact);
  }

  /** The first contact with this number, for linking a call. */
  contactIdForNumber(e164: string): string | null {
    return this.byPhone.get(e164)?.id ?? null;
  }

  /** Contacts whose name matches come first, then those matching anywhere else. */
  search(text: string, limit: number): Contact[] {
    const q = ftsQuery(text);
    if (!q) return [];
    if (q.startsWith('phones :')) return this.searchStmt.all(q, limit).map(toContact);
    const byName = this.searchStmt.all(`name : (${q})`, limit);
    if (byName.length >= limit) return byName.map(toContact);
    const seen = new Set(byName.map((r) => r.id));
    const elsewhere = this.searchStmt.all(q, limit + byName.length).filter((r) => !seen.has(r.id));
    return [...byName, ...elsewhere].slice(0, limit).map(toContact);
  }

  /** Inserts phones in order; the FTS triggers follow. */
  replacePhones(contactId: string, phones: readonly PhoneEntry[]): void {
    this.deletePhones.run(contactId);
    phones.forEach((p, i) => this.insertPhone.run(contactId, i, p.label, p.number));
  }

  create(fields: ContactFields, now: Date = new Date(), id: string = randomUUID()): Contact {
    const stamp = now.toISOString();
    this.outbox.write(() => {
      this.insertContact.run({ ...fields, doNotCall: fields.doNotCall ? 1 : 0, id, now: stamp });
      this.replacePhones(id, fields.phones);
      this.outbox.queue({ kind: 'contact.create', contactId: id, fields }, now);
    });
    return this.require(id);
  }

  /**
   * Applies the agent's edit and queues it field by field with the server version each field
   * was edited from, so the server can merge it with edits made elsewhere. Returns null when
   * nothing actually changed (and nothing is queued).
   */
  update(id: string, changes: Partial<ContactFields>, now: Date = new Date()): { contact: Contact; changed: boolean } {
    return this.outbox.write(() => {
      const current = this.require(id);
      const versions = this.versions.get(id) ?? {};
      const edits = (Object.keys(changes) as ContactField[]).filter(
        (f) => changes[f] !== undefined && JSON.stringify(changes[f]) !== JSON.stringify(current[f]),
      );
      if (edits.length === 0) return { contact: current, changed: false };
      const scalar = edits.filter((f): f is Exclude<ContactField, 'phones'> => f !== 'phones');
      const values = scalar.map((f) => (f === 'doNotCall' ? (changes.doNotCall ? 1 : 0) : (changes[f] as string)));
      this.db
        .prepare(`UPDATE contacts SET ${[...scalar.map((f) => `${COLUMN[f]} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`)
        .run(...values, now.toISOString(), id);
      if (edits.includes('phones') && changes.phones) this.replacePhones(id, changes.phones);
      this.outbox.queue({
          kind: 'contact.update',
          contactId: id,
          changes: edits.map((field) => ({ field, value: changes[field], baseVersion: versions[versionColumn(field)] ?? 0 })),
        },
        now,
      );
      return { contact: this.require(id), changed: true };
    });
  }
}
