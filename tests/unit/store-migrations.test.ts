/** Numbered migrations on a real encrypted file: in order, each in a transaction, never past what the app knows. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../src/contract';
import { openDatabase, openStoreConnection } from '../../src/core/store/database';
import { migrate } from '../../src/core/store/migrate';
import { migrations } from '../../src/core/store/migrations';
import { folderDigest } from '../support/store';
import { tempDir } from '../support/test-core';

const latest = migrations.at(-1)?.version ?? 0;

function rawEncrypted(file: string, key: Buffer): Database.Database {
  const db = new Database(file);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`hexkey='${key.toString('hex')}'`);
  return db;
}

describe('store migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('create every table a fresh store needs and record the schema version', () => {
    const db = openDatabase({ file: path.join(tempDir(), 'w.db'), key: randomBytes(32) });
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all().map((t) => t.name);
    for (const t of ['contacts', 'contact_phones', 'contacts_fts', 'calls', 'notes', 'note_drafts', 'dispositions', 'callbacks', 'wrapups', 'scripts', 'script_runs', 'presence_log', 'outbox', 'sync_state']) {
      expect(tables).toContain(t);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT contact_id FROM contact_phones WHERE e164 = ?').all('+923001234567');
    expect(JSON.stringify(plan)).toContain('contact_phones_e164');
    db.close();
  });

  it('upgrade an older store in place and keep its data', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.db');
    const key = randomBytes(32);
    const old = rawEncrypted(file, key);
    old.pragma('journal_mode = WAL');
    migrate(old, migrations.slice(0, 1));
    old.prepare("INSERT INTO presence_log (state, reason, since) VALUES ('Break', 'tea', '2026-11-23T10:00:00.000Z')").run();
    old.close();

    const db = openDatabase({ file, key });
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare('SELECT state, reason FROM presence_log').all()).toEqual([{ state: 'Break', reason: 'tea' }]);
    db.close();
  });

  it('open a store keyed by earlier builds (the key as a passphrase) and keep its data', () => {
    const file = path.join(tempDir(), 'w.db');
    const key = randomBytes(32);
    const old = new Database(file);
    old.pragma(`cipher='sqlcipher'`);
    old.pragma('legacy=4');
    old.pragma(`hexkey='${key.toString('hex')}'`);
    migrate(old, migrations.slice(0, 1));
    old.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
    old.close();
    const db = openDatabase({ file, key });
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get('kept')).toEqual({ value: 'yes' });
    db.close();
  });

  it('create a new store under AEGIS-256, and still open a SQLCipher store made by earlier builds, under its own cipher, with its data', () => {
    const fresh = openDatabase({ file: path.join(tempDir(), 'w.db'), key: randomBytes(32) });
    expect(fresh.pragma('cipher', { simple: true })).toBe('aegis');
    fresh.close();

    const file = path.join(tempDir(), 'w.db');
    const key = randomBytes(32);
    const old = openDatabase({ file, key, newStoreCipher: 'sqlcipher' });
    old.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
    old.close();
    const db = openDatabase({ file, key });
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get('kept')).toEqual({ value: 'yes' });
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    // The pull worker's connection finds the cipher too.
    const worker = openStoreConnection({ file, key });
    expect(worker.prepare('SELECT value FROM settings WHERE key = ?').get('kept')).toEqual({ value: 'yes' });
    worker.close();
    db.close();
    expect(() => openDatabase({ file, key: randomBytes(32) })).toThrow(expect.objectContaining({ code: 'STORE_KEY_MISMATCH' }));
  });

  it('roll a failing migration back completely', () => {
    const db = openDatabase({ file: path.join(tempDir(), 'w.db'), key: randomBytes(32) });
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (a); INSERT INTO no_such_table VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(/no such table/);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all()).toEqual([]);
    db.close();
  });

  it('refuse a store written by a newer app, leaving it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.db');
    const key = randomBytes(32);
    const db = openDatabase({ file, key });
    db.pragma(`user_version = ${latest + 5}`);
    db.close();
    const before = folderDigest(dir);
    let err: unknown;
    try {
      openDatabase({ file, key });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AgentError);
    expect((err as AgentError).code).toBe('STORE_NEWER_SCHEMA');
    expect(folderDigest(dir)).toEqual(before);
  });
});
