/**
 * The contact search index written in batches (a bulk pull: migration 012, search-index.ts)
 * finds exactly what the per-row triggers find, on the same pulled pages: names, companies,
 * e-mails, both phone forms and note words, after creates, later updates, phones replaced and
 * notes that arrive before their contact. Day-to-day edits after a bulk load stay exact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, PullResponse, ServerContact } from '../../src/contract';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { buildPendingSearchIndex } from '../../src/core/contacts/search-index';
import { NoteRepository } from '../../src/core/notes/note-repository';
import { openDatabase, type Db } from '../../src/core/store/database';
import { PullApplier } from '../../src/core/sync/pull-apply';
import { tempDir } from '../support/test-core';

const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

function store(batchIndexFrom: number, transactionChanges?: number, at?: { file: string; key: Buffer }) {
  const db = openDatabase(at ?? { file: path.join(tempDir('agent-search-batch-'), 'w.db'), key: randomBytes(32) });
  dbs.push(db);
  return { db, applier: new PullApplier(db, undefined, undefined, { batchIndexFrom, transactionChanges }), contacts: new ContactRepository(db), notes: new NoteRepository(db) };
}

const FIRST = ['Ali', 'Ayesha', 'Bilal', 'Fatima', 'Zoë', 'José', 'Hamza', 'عائشہ', 'محمد'];
const LAST = ['Khan', 'Ahmed', 'Raza', 'Malik', 'Müller', 'Qureshi', 'قریشی', 'خان'];
const COMPANY = ['Indus Motors', 'Crescent Textiles', 'Atlas Foods', 'Pak Telecom'];
const WORDS = ['refund', 'callback', 'billing', 'premium', 'warranty'];

function contact(i: number, id: string, version: number, patch: Partial<ServerContact['fields']> = {}): ServerContact {
  const phones = [{ label: 'mobile', number: `+92300${String(1_000_000 + i).slice(1)}` }];
  if (i % 3 === 0) phones.push({ label: 'office', number: `+1415555${String(1000 + i).slice(-4)}` });
  return {
    id,
    fields: {
      firstName: FIRST[i % FIRST.length] ?? 'A',
      lastName: LAST[i % LAST.length] ?? 'B',
      company: COMPANY[i % COMPANY.length] ?? '',
      email: `user${i}@example.pk`,
      phones,
      timezone: 'Asia/Karachi',
      doNotCall: false,
      ...patch,
    },
    fieldVersions: { firstName: version, lastName: version, company: version, email: version, phones: version, timezone: version, doNotCall: version },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Pages as a first sync then later pulls would bring them, 100 changes a page. */
function pulledPages(): PullResponse[] {
  const ids = Array.from({ length: 400 }, () => randomUUID());
  const changes: Change[] = [];
  let version = 0;
  const note = (contactId: string, body: string): Change => ({
    version: ++version,
    entity: 'note',
    note: { noteId: randomUUID(), agentId: randomUUID(), callId: null, contactId, body, createdAt: '2026-01-01T00:00:00.000Z' },
  });
  // Notes about contacts that arrive later in the pull.
  for (let i = 390; i < 400; i++) changes.push(note(ids[i] ?? '', `early ${WORDS[i % WORDS.length]} note`));
  ids.forEach((id, i) => {
    changes.push({ version: ++version, entity: 'contact', contact: contact(i, id, ++version) });
    if (i % 4 === 0) changes.push(note(id, `customer asked about ${WORDS[i % WORDS.length]}`));
  });
  // Later edits: renamed, moved company, phones replaced.
  for (let i = 0; i < 400; i += 7) {
    const v = ++version;
    changes.push({ version: v, entity: 'contact', contact: contact(i, ids[i] ?? '', v, { lastName: 'Renamed', company: 'Golden Cement', phones: [{ label: 'home', number: `+92321${String(2_000_000 + i).slice(1)}` }] }) });
  }
  const pages: PullResponse[] = [];
  for (let i = 0; i < changes.length; i += 100) pages.push({ changes: changes.slice(i, i + 100), cursor: i + 100, hasMore: i + 100 < changes.length });
  return pages;
}

const QUERIES = ['ali', 'Ay', 'khan', 'mul', 'müller', 'zoe', 'jose', 'Renamed', 'golden', 'indus mot', 'crescent', 'user12', 'user3', 'example',
  '+92300000012', '0300000012', '0300 000', '1415555', '+92321000007', 'refund', 'early', 'billing', 'asked warranty', 'nobody'];

const searchAll = (contacts: ContactRepository) => QUERIES.map((q) => ({ q, ids: contacts.search(q, 500).map((c) => c.id) }));

describe('search index in batches', () => {
  it('finds exactly what the per-row triggers find on the same pulled pages', () => {
    const pages = pulledPages();
    const rowByRow = store(Infinity);
    const batched = store(1);
    for (const p of pages) {
      rowByRow.applier.applyPage(p);
      batched.applier.applyPage(p);
    }
    const expected = searchAll(rowByRow.contacts);
    expect(expected.filter((r) => r.ids.length === 0).map((r) => r.q)).toEqual(['nobody']);
    expect(searchAll(batched.contacts)).toEqual(expected);
    // One search row per contact, nothing left noted, per-row indexing back on.
    const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count(batched.db, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(count(batched.db, 'SELECT count(*) AS n FROM contacts'));
    expect(count(batched.db, 'SELECT count(*) AS n FROM contacts_fts_dirty')).toBe(0);
    expect(count(batched.db, 'SELECT deferred AS n FROM search_index_mode')).toBe(0);
  });

  it('finds the same in large pages written in several transactions, with a page cut between them and pulled again', () => {
    const pages = pulledPages();
    const rowByRow = store(Infinity);
    for (const p of pages) rowByRow.applier.applyPage(p);
    // The pull worker's shape: pages of many changes, each written in smaller transactions.
    const all = pages.flatMap((p) => p.changes);
    const large: PullResponse[] = [];
    for (let i = 0; i < all.length; i += 250) large.push({ changes: all.slice(i, i + 250), cursor: i + 250, hasMore: i + 250 < all.length });
    const chunked = store(1, 40);
    large.forEach((p, i) => {
      // A cut after the first transactions of every other page: their rows committed without
      // the cursor, so the same page comes again.
      if (i % 2 === 1) chunked.applier.applyPage({ changes: p.changes.slice(0, 120), cursor: chunked.applier.cursor(), hasMore: true });
      chunked.applier.applyPage(p);
    });
    expect(chunked.applier.cursor()).toBe(large.at(-1)?.cursor);
    expect(searchAll(chunked.contacts)).toEqual(searchAll(rowByRow.contacts));
    const dump = (db: Db) => ({
      contacts: db.prepare('SELECT id, first_name, last_name, company, email, phones_v FROM contacts ORDER BY id').all(),
      phones: db.prepare('SELECT contact_id, position, label, e164 FROM contact_phones ORDER BY contact_id, position').all(),
      notes: db.prepare('SELECT id, contact_id, body FROM notes ORDER BY id').all(),
    });
    expect(dump(chunked.db)).toEqual(dump(rowByRow.db));
    const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count(chunked.db, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(count(chunked.db, 'SELECT count(*) AS n FROM contacts'));
  });

  it('keeps day-to-day edits exact after a bulk load', () => {
    const pages = pulledPages();
    const rowByRow = store(Infinity);
    const batched = store(1);
    for (const s of [rowByRow, batched]) {
      for (const p of pages) s.applier.applyPage(p);
      const [first] = s.contacts.search('user5', 1);
      if (!first) throw new Error('user5 not found');
      s.contacts.update(first.id, { company: 'Summit Steel', phones: [{ label: 'mobile', number: '+923339998877' }] });
      s.notes.finalize({ contactId: first.id }, 'promised a discount');
      const created = s.contacts.create({ firstName: 'Nadia', lastName: 'Saleem', company: 'Orient', email: '', phones: [], timezone: 'Asia/Karachi', doNotCall: false });
      s.notes.finalize({ contactId: created.id }, 'new lead from the fair');
    }
    const more = ['summit', 'discount', '+923339998877', 'nadia', 'fair', 'orient', ...QUERIES];
    const run = (c: ContactRepository) => more.map((q) => c.search(q, 500).map((x) => x.email + x.firstName));
    expect(run(batched.contacts)).toEqual(run(rowByRow.contacts));
    expect(batched.contacts.search('summit', 10)).toHaveLength(1);
  });

  it('rolls the deferral back with a page that fails, leaving per-row indexing on', () => {
    const batched = store(1);
    const bad = { changes: [{ version: 1, entity: 'contact', contact: contact(1, randomUUID(), 1) }, { version: 2, entity: 'script', script: null }], cursor: 2, hasMore: false } as unknown as PullResponse;
    expect(() => batched.applier.applyPage(bad)).toThrow();
    expect(batched.db.prepare('SELECT deferred FROM search_index_mode').get()).toEqual({ deferred: 0 });
    expect(batched.db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
  });
});

/** Prefixes of 1 to 6 characters of names, companies, e-mails and note words, numbers in both forms, whole phrases. */
function manyQueries(): string[] {
  const words = [...FIRST, ...LAST, ...COMPANY.flatMap((c) => c.split(' ')), ...WORDS, 'user123', 'example', 'Renamed', 'Golden', 'early', 'customer'];
  const prefixes = words.flatMap((w) => Array.from({ length: Math.min(6, [...w].length) }, (_, i) => [...w].slice(0, i + 1).join('')));
  const numbers = ['+92300000012', '923000001', '0300000012', '03000', '0321', '+1415555', '1415555100', '+92321000007', '0300 000 0123'];
  return [...new Set([...prefixes, ...numbers, 'khan ali', 'asked warranty', 'indus mot', 'zoe', 'jose', 'MULLER', 'nobody'])];
}

/** Per-row indexing and the first-sync path (indexAtEnd), the same pages, the same agent edits in the middle. */
function bothWays(edit: (s: ReturnType<typeof store>, pageIndex: number) => void, build: (s: ReturnType<typeof store>) => void, at?: { file: string; key: Buffer }) {
  const pages = pulledPages();
  const rowByRow = store(Infinity);
  const bulk = store(1, undefined, at);
  pages.forEach((p, i) => {
    rowByRow.applier.applyPage(p);
    bulk.applier.applyPage(p, undefined, { indexAtEnd: true });
    edit(rowByRow, i);
    edit(bulk, i);
  });
  build(bulk);
  return { rowByRow, bulk };
}

/** The agent's own work on the core's connection while a first sync is under way. */
function agentEdits(s: ReturnType<typeof store>, pageIndex: number): void {
  if (pageIndex !== 4) return;
  const [renamed] = s.db.prepare<[], { id: string }>("SELECT id FROM contacts WHERE email = 'user5@example.pk'").all();
  if (!renamed) throw new Error('user5 not pulled yet');
  s.contacts.update(renamed.id, { company: 'Summit Steel', phones: [{ label: 'mobile', number: '+923339998877' }] });
  s.notes.finalize({ contactId: renamed.id }, 'promised a discount');
  const created = s.contacts.create({ firstName: 'Nadia', lastName: 'Saleem', company: 'Orient', email: '', phones: [{ label: 'mobile', number: '+923001112223' }], timezone: 'Asia/Karachi', doNotCall: false }, undefined, '00000000-0000-4000-a000-000000000001');
  s.notes.finalize({ contactId: created.id }, 'new lead from the fair');
  const [gone] = s.db.prepare<[], { id: string }>("SELECT id FROM contacts WHERE email = 'user7@example.pk'").all();
  if (gone) s.db.prepare('DELETE FROM contacts WHERE id = ?').run(gone.id);
}

const finish = (s: ReturnType<typeof store>) => {
  while (!s.applier.buildSearchIndex(37).done);
};

describe('search index built at the end of a large pull', () => {
  const queries = [...manyQueries(), 'summit', 'discount', '+923339998877', 'nadia', 'fair', 'orient'];
  const run = (c: ContactRepository) => queries.map((q) => ({ q, ids: c.search(q, 1000).map((x) => x.id) }));
  const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

  it('finds exactly what per-row indexing finds, with the agent editing, creating and deleting during the pull', () => {
    const { rowByRow, bulk } = bothWays(agentEdits, finish);
    const expected = run(rowByRow.contacts);
    expect(expected.filter((r) => r.ids.length > 0).length).toBeGreaterThan(queries.length * 0.9);
    expect(run(bulk.contacts)).toEqual(expected);
    expect(bulk.applier.searchIndexPending()).toBe(false);
    expect(count(bulk.db, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(count(bulk.db, 'SELECT count(*) AS n FROM contacts'));
    // Day-to-day edits afterwards are exact again.
    for (const s of [rowByRow, bulk]) {
      const [one] = s.contacts.search('user12', 1);
      if (!one) throw new Error('user12 not found');
      s.contacts.update(one.id, { lastName: 'Afridi' });
      s.notes.finalize({ contactId: one.id }, 'moved to Lahore');
    }
    const later = ['afridi', 'lahore', 'user12', ...queries];
    expect(later.map((q) => bulk.contacts.search(q, 1000).map((c) => c.id))).toEqual(later.map((q) => rowByRow.contacts.search(q, 1000).map((c) => c.id)));
  });

  it('finds pulled contacts by number before the index is built, and by search only after', () => {
    const { bulk } = bothWays(() => undefined, () => undefined);
    expect(bulk.applier.searchIndexPending()).toBe(true);
    expect(bulk.contacts.search('user12', 10)).toEqual([]);
    expect(bulk.contacts.lookupByE164('+92300000012').map((c) => c.email)).toEqual(['user12@example.pk']);
    finish(bulk);
    expect(bulk.contacts.search('user12', 10).map((c) => c.email)).toContain('user12@example.pk');
  });

  it('gives way to a waiting writer mid-chunk: commits the steps it wrote, and ends the same', () => {
    const indexedAfterEach: number[] = [];
    const { rowByRow, bulk } = bothWays(agentEdits, (s) => {
      // Someone is always waiting: every call writes one step of 10 and commits.
      for (;;) {
        const step = buildPendingSearchIndex(s.db, 1000, { step: 10, waiting: () => true });
        indexedAfterEach.push(step.indexed);
        if (step.done) break;
      }
    });
    expect(indexedAfterEach.length).toBeGreaterThan(3);
    expect(indexedAfterEach.slice(1, 3).map((n, i) => n - (indexedAfterEach[i] ?? 0))).toEqual([10, 10]);
    expect(run(bulk.contacts)).toEqual(run(rowByRow.contacts));
  });

  it('resumes a build cut between two chunks, reopened as after a restart, and ends the same', () => {
    const at = { file: path.join(tempDir('agent-search-cut-'), 'w.db'), key: randomBytes(32) };
    const { rowByRow, bulk } = bothWays(agentEdits, (s) => {
      s.applier.buildSearchIndex(37);
      s.applier.buildSearchIndex(37);
    }, at);
    const from = bulk.db.prepare('SELECT pending_from AS n FROM search_index_mode').get() as { n: number };
    // Each chunk committed whole: contacts below the mark searchable, none above it.
    expect(count(bulk.db, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(count(bulk.db, `SELECT count(*) AS n FROM contacts WHERE seq < ${from.n}`));
    bulk.db.close();
    dbs.splice(dbs.indexOf(bulk.db), 1);
    const reopened = store(1, undefined, at);
    expect(reopened.applier.searchIndexPending()).toBe(true);
    finish(reopened);
    expect(run(reopened.contacts)).toEqual(run(rowByRow.contacts));
  });
});
