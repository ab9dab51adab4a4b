import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AgentError } from '../../contract';
import { assertKnownSchema, migrate } from './migrate';
import { AUTOCHECKPOINT_PAGES } from './wal-checkpoints';

export type Db = Database.Database;

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0');

function sqliteCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Maps SQLite's failures at the edge of the disk to the API's error codes. */
export function storeError(err: unknown, file: string): AgentError | undefined {
  const code = sqliteCode(err);
  if (!code) return undefined;
  if (code === 'SQLITE_FULL') return new AgentError('STORE_DISK_FULL', 'The disk is full: nothing was saved. Free some space and try again.', { cause: err });
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new AgentError('STORE_READ_ONLY', `The local database ${file} cannot be written: nothing was saved.`, { cause: err });
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_IOERR')) {
    return new AgentError('STORE_CORRUPT', `The local database ${file} is damaged. It was kept for recovery; ask IT.`, { cause: err });
  }
  return undefined;
}

function readHeader(file: string): Buffer | null {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(16);
      const n = fs.readSync(fd, buf, 0, 16, 0);
      return buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/**
 * A file beside the database that tells a wrong key from a damaged first page: both make
 * the cipher answer "not a database". It holds an HMAC of a constant under the key, which
 * reveals nothing about the key.
 */
export const keyCheckFile = (file: string) => `${file}.keycheck`;
const keyCheck = (key: Buffer) => createHmac('sha256', key).update('agent-workstation/store-key-check/v1').digest();

function keyCheckMatches(file: string, key: Buffer): boolean | null {
  let stored: Buffer;
  try {
    stored = Buffer.from(fs.readFileSync(keyCheckFile(file), 'utf8').trim(), 'hex');
  } catch {
    return null;
  }
  const expected = keyCheck(key);
  return stored.length === expected.length && timingSafeEqual(stored, expected);
}

export interface OpenStoreOptions {
  readonly file: string;
  readonly key: Buffer;
  /**
   * How a store this call creates is encrypted (default NEW_STORE_CIPHER). An existing file
   * opens with whichever of STORE_CIPHERS it was made with, whatever this says. Only benches
   * and tests of stores made by earlier builds pass another.
   */
  readonly newStoreCipher?: StoreCipher;
}

/**
 * How the store's pages are encrypted and the 256-bit key reaches the cipher (SQLite3 Multiple
 * Ciphers). The key is random already, so each takes it raw (x'…') and no password KDF runs on
 * open, except the first builds' passphrase form.
 * - "aegis": AEGIS-256 (IRTF CFRG draft-irtf-cfrg-aegis-aead), an authenticated cipher built on the
 *   AES round, which laptops run in hardware (AES-NI). Every store created since issue 17 round 7. Measured
 *   (bench/first-sync-store.ts, 200,000 contacts, 2 cores): rows 6.9 s and search index 3.9 s,
 *   against 12.1 s and 7.0 s with "sqlcipher" and 5.9 s and 4.0 s with no encryption at all.
 *   SQLCipher's page HMAC-SHA512 is computed in software: it was most of the difference.
 *   SQLite3MC's AEGIS is libaegis, which picks AES-NI or ARM's crypto extensions at run time
 *   and runs portable C on a CPU with neither: slower there, never unable to open a store.
 * - "sqlcipher": SQLCipher 4 (AES-256-CBC, HMAC-SHA512 per page), the stores made before.
 * - "sqlcipher-passphrase": SQLCipher 4 keyed through PBKDF2 over the key's hex, the first builds.
 * A store keeps the cipher it was made with: rewriting a whole store under a new cipher, safe
 * against a power cut halfway, is its own work, and older stores are never first syncs.
 */
export type StoreCipher = 'aegis' | 'sqlcipher' | 'sqlcipher-passphrase';
/** Every cipher an existing store may have, most likely first: each wrong guess costs an open (~1 ms). */
export const STORE_CIPHERS: readonly StoreCipher[] = ['aegis', 'sqlcipher', 'sqlcipher-passphrase'];
/** The cipher of every store created from now on (see StoreCipher). */
export const NEW_STORE_CIPHER: StoreCipher = 'aegis';

/**
 * The pragmas, in order, that set `cipher` and the key on a connection just opened, before
 * anything reads the file. One list for every connection, including those a test opens in a
 * thread of its own.
 */
export function storeKeyPragmas(key: Buffer, cipher: StoreCipher): string[] {
  const hex = key.toString('hex');
  if (cipher === 'aegis') return [`cipher='aegis'`, `algorithm='aegis-256'`, `key="x'${hex}'"`];
  return [`cipher='sqlcipher'`, 'legacy=4', cipher === 'sqlcipher' ? `key="x'${hex}'"` : `hexkey='${hex}'`];
}

function keyError(file: string, key: Buffer, cause: unknown): AgentError {
  const keyIsRight = keyCheckMatches(file, key);
  if (keyIsRight === true) {
    return new AgentError('STORE_CORRUPT', `The local database ${file} is damaged at its start. It was kept for recovery; ask IT.`, { cause });
  }
  return new AgentError(
    'STORE_KEY_MISMATCH',
    keyIsRight === false
      ? `The key in the keychain does not open the local database ${file}. The file was left untouched.`
      : `The key in the keychain does not open the local database ${file}, or the file is damaged. The file was left untouched.`,
    { cause },
  );
}

/** A connection with the key applied under the cipher that opens the file; typed errors otherwise. */
function connect(file: string, key: Buffer, ciphers: readonly StoreCipher[], readonly: boolean): { db: Db; cipher: StoreCipher } {
  let notADb: unknown = null;
  for (const cipher of ciphers) {
    let db: Db;
    try {
      db = readonly ? new Database(file, { readonly: true, fileMustExist: true }) : new Database(file);
    } catch (err) {
      throw storeError(err, file) ?? err;
    }
    try {
      for (const pragma of storeKeyPragmas(key, cipher)) db.pragma(pragma);
      // The first statement that reads the file is where a wrong key shows.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return { db, cipher };
    } catch (err) {
      db.close();
      if (sqliteCode(err) !== 'SQLITE_NOTADB') throw storeError(err, file) ?? err;
      notADb = err;
    }
  }
  throw keyError(file, key, notADb);
}

/**
 * Checks an existing file's key and pages on a read-only connection first: closing a
 * read-write connection checkpoints the WAL into the file, which must never happen to a file
 * we are about to refuse.
 */
function verifyExisting(file: string, key: Buffer): StoreCipher {
  // A read-only connection to a WAL database still creates an empty -wal and -shm; remove the
  // ones we created if we refuse the file, so the folder is exactly as we found it.
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  const removeOurSidecars = () => {
    for (const f of sidecars) {
      try {
        if (f.endsWith('-shm') || fs.statSync(f).size === 0) fs.rmSync(f, { force: true });
      } catch {
        // never created
      }
    }
  };
  let connection: { db: Db; cipher: StoreCipher };
  try {
    connection = connect(file, key, STORE_CIPHERS, true);
  } catch (err) {
    removeOurSidecars();
    throw err;
  }
  const { db, cipher } = connection;
  let refused = true;
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw new AgentError('STORE_CORRUPT', `The local database ${file} is damaged (${String(check)}). It was kept for recovery; ask IT.`);
    }
    assertKnownSchema(db);
    refused = false;
    return cipher;
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw storeError(err, file) ?? err;
  } finally {
    db.close();
    if (refused) removeOurSidecars();
  }
}

/**
 * Opens (or creates) the encrypted store (StoreCipher: AEGIS-256 when new), WAL, synchronous=FULL,
 * schema migrated. A wrong key or a damaged file is a typed error and the file is never
 * written to, moved or deleted.
 */
export function openDatabase({ file, key, newStoreCipher = NEW_STORE_CIPHER }: OpenStoreOptions): Db {
  if (key.length !== 32) throw new AgentError('STORE_KEY_MISMATCH', 'The database key must be 256 bits.');
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (!existed && fs.existsSync(file) && fs.existsSync(keyCheckFile(file))) {
    // An empty file where a store was created before: its data may still be in the WAL.
    throw new AgentError('STORE_CORRUPT', `The local database ${file} is empty (truncated). It was kept for recovery; ask IT.`);
  }
  if (existed) {
    const header = readHeader(file);
    if (header && header.length === 16 && header.equals(PLAINTEXT_HEADER)) {
      throw new AgentError('STORE_CORRUPT', `${file} is an unencrypted SQLite file, not this app's store. It was left untouched.`);
    }
    const size = fs.statSync(file).size;
    if (size < 4096 || size % 4096 !== 0) {
      throw new AgentError('STORE_CORRUPT', `The local database ${file} is truncated (${size} bytes). It was kept for recovery; ask IT.`);
    }
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  const cipher = existed ? verifyExisting(file, key) : newStoreCipher;
  const { db } = connect(file, key, [cipher], false);
  try {
    tune(db);
    migrate(db);
    if (!existed || keyCheckMatches(file, key) === null) {
      try {
        fs.writeFileSync(keyCheckFile(file), keyCheck(key).toString('hex') + '\n', { mode: 0o600 });
      } catch {
        // Advisory only: without it a damaged first page is reported as a key mismatch.
      }
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AgentError) throw err;
    throw storeError(err, file) ?? err;
  }
}

/**
 * A further connection to a store openDatabase already opened, checked and migrated (the pull
 * worker's, src/core/sync/pull-worker.ts): same key, same settings, no second check or migration.
 */
export function openStoreConnection({ file, key }: OpenStoreOptions): Db {
  if (key.length !== 32) throw new AgentError('STORE_KEY_MISMATCH', 'The database key must be 256 bits.');
  const { db } = connect(file, key, STORE_CIPHERS, false);
  try {
    tune(db);
    assertKnownSchema(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AgentError) throw err;
    throw storeError(err, file) ?? err;
  }
}

/** How long a connection waits for the store's write lock before SQLITE_BUSY, in ms (see tune()). */
export const BUSY_TIMEOUT_MS = 5_000;

/** The settings every connection to the store runs with. */
function tune(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // busy_timeout covers only a transaction that has not read yet: one that read first and then
  // writes while the pull worker's connection holds the write lock gets SQLITE_BUSY at once
  // (SQLite does not wait on a lock upgrade, to avoid deadlock). So every write transaction in
  // the core begins IMMEDIATE (`db.transaction(fn).immediate()`), taking the write lock before
  // its first read and waiting here for the worker's page to commit (issue 16: notes.saveDraft
  // failed during the demo's first pull).
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Sorts, groupings and temporary indexes bigger than the cache spill to temp files, which
  // the cipher does not encrypt: keep them in memory so customer rows never reach disk in clear.
  db.pragma('temp_store = MEMORY');
  // Encrypted pages are decrypted on every read from the OS cache: keep the hot set (phone
  // index, recent contacts) decrypted in SQLite's own cache. 32 MB on a desktop is cheap.
  db.pragma('cache_size = -32768');
  // Until the pull worker takes checkpoints over (wal-checkpoints.ts).
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
}
