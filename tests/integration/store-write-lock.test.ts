/**
 * Issue 16 (known fault): "Not saved: notes.saveDraft failed unexpectedly" right after the demo
 * desk opened, during its first pull. The pull worker (a worker_thread with its own connection)
 * held the write lock while it applied a page; a note save on the host's connection read first
 * and then wrote, and SQLite answers such a lock upgrade with SQLITE_BUSY at once — busy_timeout
 * only covers a transaction that has not read yet. Write transactions now begin IMMEDIATE and
 * wait for the worker's page to commit.
 *
 * Real parts: the encrypted store, a real second thread holding a real write transaction.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { NoteRepository } from '../../src/core/notes/note-repository';
import { NEW_STORE_CIPHER, openDatabase, storeKeyPragmas, type Db } from '../../src/core/store/database';
import { tempDir } from '../support/test-core';

const dbs: Db[] = [];
const workers: Worker[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) d.close();
  for (const w of workers.splice(0)) await w.terminate();
});

/**
 * A second connection in its own thread, as the pull worker's: it takes the write lock, writes a
 * settings row, tells us it holds the lock, and commits `holdMs` later (a page being applied).
 */
function writerHoldingTheLock(file: string, key: Buffer, holdMs: number): { locked: Promise<void>; committed: Promise<void> } {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require('better-sqlite3-multiple-ciphers');
    const db = new Database(workerData.file);
    for (const pragma of workerData.keyPragmas) db.pragma(pragma);
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('test.worker', 'page')").run();
    parentPort.postMessage('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); parentPort.postMessage('committed'); }, workerData.holdMs);
    `,
    { eval: true, workerData: { file, keyPragmas: storeKeyPragmas(key, NEW_STORE_CIPHER), holdMs } },
  );
  workers.push(worker);
  const message = (m: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (got) => got === m && resolve());
      worker.once('error', reject);
    });
  return { locked: message('locked'), committed: message('committed') };
}

it('a note draft saved while another connection holds the write lock waits for it and is saved', async () => {
  const file = path.join(tempDir('agent-write-lock-'), 'w.db');
  const key = randomBytes(32);
  const db = openDatabase({ file, key });
  dbs.push(db);
  const notes = new NoteRepository(db);
  const contactId = randomUUID();
  db.prepare(
    `INSERT INTO contacts (id, first_name, last_name, company, email, timezone, do_not_call, created_at, updated_at)
     VALUES (?, 'Ayesha', 'Khan', '', '', 'Asia/Karachi', 0, datetime('now'), datetime('now'))`,
  ).run(contactId);

  const writer = writerHoldingTheLock(file, key, 300);
  await writer.locked;
  // Blocks this thread until the worker commits (busy_timeout), as the host's did.
  const saved = notes.saveDraft({ contactId }, 'Customer called about the router', 1);
  expect(saved.applied).toBe(true);
  expect(notes.getDraft({ contactId })?.body).toBe('Customer called about the router');
  await writer.committed;
  expect(db.prepare("SELECT value FROM settings WHERE key = 'test.worker'").pluck().get()).toBe('page');
});
