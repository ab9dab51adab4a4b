/**
 * The agent's writes go before the pull worker's (src/core/store/write-priority.ts). A first
 * sync whose pages are all in hand writes them back to back; SQLite's busy wait only polls, so
 * without the priority an agent's note save made meanwhile waits for the whole sync (or fails
 * with SQLITE_BUSY after busy_timeout). Real encrypted store, real worker thread.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
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

describe('an agent saving notes while a first sync writes pages back to back', () => {
  it('has every save committed while the sync is still writing, not after it', async () => {
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
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m) => m === 'done' && resolve());
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.on('message', (m) => m === 'writing' && resolve()));

    const pulled = () => (db.prepare('SELECT count(*) AS n FROM contacts WHERE id <> ?').get(customer.id) as { n: number }).n;
    const saved: string[] = [];
    for (let i = 0; i < SAVES; i++) saved.push(notes.finalize({ contactId: customer.id }, `customer asked about the bill (${i})`).id);
    // Every save is in, and the sync had not finished: each waited for a few hundred pulled
    // changes, not for the rest of the sync.
    expect(saved).toHaveLength(SAVES);
    expect(pulled()).toBeLessThan(PAGES * PAGE_SIZE);

    await done;
    expect(pulled()).toBe(PAGES * PAGE_SIZE);
    expect((db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n).toBe(SAVES);
  });
});
