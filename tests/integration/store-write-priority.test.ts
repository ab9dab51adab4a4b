/**
 * The agent's writes go before the pull worker's (src/core/store/write-priority.ts). A first
 * sync whose pages are all in hand writes them back to back, then builds the search index;
 * SQLite's busy wait only polls, so without the priority an agent's note save made meanwhile
 * waits for the whole sync (or fails with SQLITE_BUSY after busy_timeout), and one made during
 * the index build waits for the whole chunk. Real encrypted store, real worker thread.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { searchIndexPendingFrom } from '../../src/core/contacts/search-index';
import { NoteRepository } from '../../src/core/notes/note-repository';
import { openDatabase, type Db } from '../../src/core/store/database';
import { announceCoreWrites, coreWriteCounter } from '../../src/core/store/write-priority';
import { tempDir } from '../support/test-core';

const PAGES = 16;
const PAGE_SIZE = 2_500;
const SAVES = 30;

const open: Db[] = [];
const workers: Worker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.terminate();
  for (const db of open.splice(0)) if (db.open) db.close();
});

/** The core's connection (counting its writes) and a worker that writes a first sync's pages back to back on its own. */
function firstSyncBesideTheDesk() {
  const file = path.join(tempDir('write-priority-'), 'w.db');
  const key = randomBytes(32);
  const db = openDatabase({ file, key });
  open.push(db);
  const coreWrites = coreWriteCounter();
  announceCoreWrites(db, coreWrites);
  const notes = new NoteRepository(db);
  const customer = new ContactRepository(db).create({ firstName: 'Ayesha', lastName: 'Malik', company: '', email: '', phones: [{ label: 'mobile', number: '+923331234567' }], timezone: 'Asia/Karachi', doNotCall: false });
  const worker = new Worker(path.join(__dirname, 'fixtures/back-to-back-pages.ts'), {
    workerData: { file, key: new Uint8Array(key), coreWrites, pages: PAGES, pageSize: PAGE_SIZE },
    execArgv: ['--import', 'tsx'],
  });
  workers.push(worker);
  const heard = (what: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (m) => m === what && resolve());
      worker.on('error', reject);
    });
  return {
    db,
    writing: heard('writing'),
    indexing: heard('indexing'),
    done: heard('done'),
    saveNotes: () => Array.from({ length: SAVES }, (_, i) => notes.finalize({ contactId: customer.id }, `customer asked about the bill (${i})`).id),
    pulled: () => (db.prepare('SELECT count(*) AS n FROM contacts WHERE id <> ?').get(customer.id) as { n: number }).n,
    notes: () => (db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n,
  };
}

describe('an agent saving notes while a first sync writes pages back to back', () => {
  it('has every save committed while the sync is still writing, not after it', async () => {
    const desk = firstSyncBesideTheDesk();
    await desk.writing;
    expect(desk.saveNotes()).toHaveLength(SAVES);
    // Every save is in, and the sync had not finished: each waited for a few hundred pulled
    // changes, not for the rest of the sync.
    expect(desk.pulled()).toBeLessThan(PAGES * PAGE_SIZE);

    await desk.done;
    expect(desk.pulled()).toBe(PAGES * PAGE_SIZE);
    expect(desk.notes()).toBe(SAVES);
  });

  it('has every save committed while the search index is being built, not after it', async () => {
    const desk = firstSyncBesideTheDesk();
    await desk.indexing;
    expect(desk.saveNotes()).toHaveLength(SAVES);
    // The build (one chunk for the whole book) was still going when the last save returned.
    expect(searchIndexPendingFrom(desk.db)).not.toBeNull();

    await desk.done;
    expect(searchIndexPendingFrom(desk.db)).toBeNull();
    expect((desk.db.prepare('SELECT count(*) AS n FROM contacts_fts_docsize').get() as { n: number }).n).toBe(PAGES * PAGE_SIZE + 1);
    expect(desk.notes()).toBe(SAVES);
  });
});
