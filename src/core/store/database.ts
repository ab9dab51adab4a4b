import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AgentError } from '../../contract';
import { migrate } from './migrate';

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

export interface OpenStoreOptions {
  readonly file: string;
  readonly key: Buffer;
}

/**
 * Opens (or creates) the encrypted store: SQLCipher 4 compatible, WAL, synchronous=FULL,
 * schema migrated. A wrong key or a damaged file is a typed error and the file is never
 * written to, moved or deleted.
 */
export function openDatabase({ file, key }: OpenStoreOptions): Db {
  if (key.length !== 32) throw new AgentError('STORE_KEY_MISMATCH', 'The database key must be 256 bits.');
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
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

  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw storeError(err, file) ?? err;
  }
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`hexkey='${key.toString('hex')}'`);
    try {
      // The first statement that reads the file is where a wrong key shows.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      if (sqliteCode(err) === 'SQLITE_NOTADB') {
        throw new AgentError(
          'STORE_KEY_MISMATCH',
          `The key in the keychain does not open the local database ${file}. The file was left untouched.`,
          { cause: err },
        );
      }
      throw err;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (existed) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        throw new AgentError('STORE_CORRUPT', `The local database ${file} is damaged (${String(check)}). It was kept for recovery; ask IT.`);
      }
    }
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AgentError) throw err;
    throw storeError(err, file) ?? err;
  }
}
