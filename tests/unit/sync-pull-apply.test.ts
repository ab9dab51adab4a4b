/**
 * Applying pulled changes to a real local store (002's CRM tables): a pulled value never
 * overwrites a local edit that is still in the outbox, notes are append-only, an older script
 * version never replaces a newer one, a page moves the cursor with its changes, and a page
 * pulled again (an old cursor maps conservatively and may re-send changes) changes nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, ServerContact } from '../../src/contract';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { NoteRepository } from '../../src/core/notes/note-repository';
import { openDatabase, type Db } from '../../src/core/store/database';
import { PullApplier } from '../../src/core/sync/pull-apply';
import { tempDir } from '../support/test-core';

const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

function store() {
  const db = openDatabase({ file: path.join(tempDir('agent-pull-'), 'w.db'), key: randomBytes(32) });
  dbs.push(db);
  return { db, applier: new PullApplier(db), contacts: new ContactRepository(db), notes: new NoteRepository(db) };
}

const serverContact = (id: string, version: number, patch: Partial<ServerContact['fields']> = {}): ServerContact => ({
  id,
  fields: { firstName: 'Kamran', lastName: 'Akmal', company: 'Old', email: '', phones: [{ label: 'mobile', number: '+923004445566' }], timezone: 'Asia/Karachi', doNotCall: false, ...patch },
  fieldVersions: { firstName: version, lastName: version, company: version, email: version, phones: version, timezone: version, doNotCall: version },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const page = (changes: Change[], cursor: number) => ({ changes, cursor, hasMore: false });

describe('pull apply', () => {
  it('writes pulled contacts with their field versions and moves the cursor in the same transaction', () => {
    const { db, applier, contacts } = store();
    const id = randomUUID();
    applier.applyPage(page([{ version: 5, entity: 'contact', contact: serverContact(id, 5) }], 5));
    expect(contacts.get(id)).toMatchObject({ firstName: 'Kamran', phones: [{ number: '+923004445566' }] });
    expect(contacts.lookupByE164('+923004445566').map((c) => c.id)).toEqual([id]);
    expect(db.prepare('SELECT company_v AS v FROM contacts WHERE id = ?').get(id)).toEqual({ v: 5 });
    expect(applier.cursor()).toBe(5);
  });

  it('keeps a local edit that is still in the outbox, and takes the other fields', () => {
    const { db, applier, contacts } = store();
    const id = randomUUID();
    applier.applyPage(page([{ version: 5, entity: 'contact', contact: serverContact(id, 5) }], 5));
    contacts.update(id, { company: 'Mine' });
    applier.applyPage(page([{ version: 9, entity: 'contact', contact: { ...serverContact(id, 5, { company: 'Theirs', lastName: 'New' }), fieldVersions: { ...serverContact(id, 9).fieldVersions } } }], 9));
    expect(contacts.get(id)).toMatchObject({ company: 'Mine', lastName: 'New' });
    // The local field keeps the base it was edited from, so the server sees the conflict.
    expect(db.prepare('SELECT company_v AS c, last_name_v AS l FROM contacts WHERE id = ?').get(id)).toEqual({ c: 5, l: 9 });
  });

  it('appends a pulled note once, whatever the number of times it arrives', () => {
    const { applier, notes } = store();
    const contactId = randomUUID();
    applier.applyPage(page([{ version: 2, entity: 'contact', contact: serverContact(contactId, 2) }], 2));
    const note: Change = { version: 3, entity: 'note', note: { noteId: randomUUID(), agentId: randomUUID(), callId: null, contactId, body: 'hello', createdAt: '2026-01-01T00:00:00.000Z' } };
    applier.applyPage(page([note], 3));
    applier.applyPage(page([note], 3));
    expect(notes.list({ contactId }).map((n) => n.body)).toEqual(['hello']);
  });

  it('never replaces a newer script version with an older one', () => {
    const { db, applier } = store();
    // A valid document: pull-apply installs only scripts that pass validation.
    const body = (version: number) => JSON.stringify({ id: 'welcome', version, name: `v${version}`, startPage: 'hello', pages: [{ id: 'hello', title: 'Hello' }] });
    const script = (version: number): Change => ({ version: 10 + version, entity: 'script', script: { id: 'welcome', version, name: `v${version}`, body: body(version), updatedAt: '2026-01-01T00:00:00.000Z' } });
    applier.applyPage(page([script(3), script(2)], 13));
    expect(db.prepare("SELECT version, name FROM scripts WHERE id = 'welcome'").get()).toEqual({ version: 3, name: 'v3' });
  });

  it('rolls back the whole page, cursor included, when one change cannot be applied', () => {
    const { db, applier } = store();
    const ok: Change = { version: 1, entity: 'contact', contact: serverContact(randomUUID(), 1) };
    const bad = { version: 2, entity: 'contact', contact: { ...serverContact(randomUUID(), 2), fields: null } } as unknown as Change;
    expect(() => applier.applyPage(page([ok, bad], 2))).toThrow();
    expect(applier.cursor()).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
  });

  it('leaves the store as it was when a page it already applied comes again', () => {
    const { db, applier } = store();
    const contactId = randomUUID();
    const callId = randomUUID();
    const agentId = randomUUID();
    const at = '2026-11-30T12:00:00.000Z';
    const changes: Change[] = [
      { version: 1, entity: 'contact', contact: serverContact(contactId, 1) },
      {
        version: 2,
        entity: 'contact.history',
        entry: { id: randomUUID(), contactId, field: 'company', losingValue: 'Older', winningValue: 'Old', losingAgentId: agentId, winningAgentId: null, recordedAt: at },
      },
      {
        version: 3,
        entity: 'call',
        call: { callId, agentId, direction: 'inbound', localNumber: '100', remoteNumber: '+923004445566', contactId, startedAt: at, answeredAt: at, endedAt: at, endCause: 'normal', holdSeconds: 4 },
      },
      { version: 4, entity: 'note', note: { noteId: randomUUID(), agentId, callId, contactId, body: 'asked about the bill', createdAt: at } },
      { version: 5, entity: 'disposition', disposition: { callId, agentId, code: 'sale', createdAt: at } },
      { version: 6, entity: 'callback', callback: { callbackId: randomUUID(), agentId, contactId, callId, dueAt: at, note: 'call back', createdAt: at, status: 'scheduled' } },
      { version: 7, entity: 'dnc', dnc: { number: '+16175779166', listed: true, reason: 'Registry', updatedAt: at } },
      { version: 8, entity: 'message', message: { messageId: randomUUID(), from: 'Sana', teamName: null, body: 'Team meeting at 4', sentAt: at, acknowledgedAt: null, reply: null } },
    ];
    const now = new Date(at);
    const dump = () => {
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
      // FTS5's own shadow tables record each rewrite (segments, origins); the index's content is compared through contacts_fts itself.
      const stored = tables.filter(({ name }) => !/_fts_(data|idx|docsize|config|content)$/.test(name));
      return Object.fromEntries(stored.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort()]));
    };
    // A cursor that maps conservatively re-sends, so the same page arrives a second time, or a
    // later page that overlaps it.
    applier.applyPage({ changes, cursor: 'x9.8', hasMore: false }, now);
    const once = dump();
    applier.applyPage({ changes, cursor: 'x9.8', hasMore: false }, now);
    expect(dump()).toEqual(once);
    applier.applyPage({ changes: changes.slice(2), cursor: 'x9.8', hasMore: false }, now);
    expect(dump()).toEqual(once);
  });
});
