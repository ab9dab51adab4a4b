/**
 * A power cut in the middle of a first sync, for real: a child process pulls a contact book
 * through the pull worker and is SIGKILLed after a few pages. The store it leaves is at a page
 * boundary and fully indexed (every contact it has is searchable, nothing noted for later);
 * restarted, it resumes from that page, not from zero, and ends with the same contacts and the
 * same search results as a workstation that synced without interruption.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { silentLogger } from '../../src/core/log';
import { openDatabase, type Db } from '../../src/core/store/database';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { seedSyntheticContacts } from '../../src/server/seed';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';
import { tempDir } from '../support/test-core';

const root = path.resolve(__dirname, '../..');
const CONTACTS = 6000;
const PAGE = 500;
let db: SyncDb;
let server: SyncServer;
const clients: SyncClient[] = [];
const stores: Db[] = [];

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('first-sync-kill'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'nadia', displayName: 'Nadia', password: 'pw' });
  await seedSyntheticContacts(db, CONTACTS, 'kill');
});

afterAll(async () => {
  for (const s of stores) s.close();
  for (const c of clients) await c.close();
  await server?.close();
  await db?.close();
});

/** One life of the child. `killAfterPages`: SIGKILL once that many pages were applied; null: run to the end. */
function life(env: Record<string, string>, killAfterPages: number | null): Promise<{ pages: number; done: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/first-sync-client.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pages = 0;
    let done: number | null = null;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('A ')) {
        pages++;
        if (killAfterPages !== null && pages === killAfterPages) child.kill('SIGKILL');
      }
      if (line.startsWith('DONE ')) done = Number(line.slice(5));
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ pages, done, signal, stderr }));
  });
}

const rows = (s: Db) =>
  s
    .prepare(
      `SELECT c.id, c.first_name, c.last_name, c.company, c.email, c.first_name_v, (SELECT group_concat(e164) FROM contact_phones p WHERE p.contact_id = c.id) AS phones
       FROM contacts c ORDER BY c.id`,
    )
    .all();
const count = (s: Db, sql: string) => (s.prepare(sql).get() as { n: number }).n;
const QUERIES = ['First12', 'first5999', 'Last99', 'company 17', 'user4000', '+923000004321', '03000001234', 'example'];

describe('first sync killed mid-way', () => {
  it('resumes from the last applied page and ends as an uninterrupted sync does', async () => {
    const dir = tempDir('agent-first-sync-kill-');
    const key = randomBytes(32);
    const env = { FIRST_SYNC_URL: server.url, FIRST_SYNC_DIR: dir, FIRST_SYNC_KEY: key.toString('hex'), FIRST_SYNC_PAGE: String(PAGE) };

    const killed = await life(env, randomInt(2, 6));
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    // What the cut left: whole pages only, each contact in it searchable, nothing pending.
    const cut = openDatabase({ file: path.join(dir, 'workstation.db'), key });
    const have = count(cut, 'SELECT count(*) AS n FROM contacts');
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThan(CONTACTS);
    expect(have % PAGE).toBe(0);
    expect(count(cut, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(have);
    expect(count(cut, 'SELECT count(*) AS n FROM contacts_fts_dirty')).toBe(0);
    expect(count(cut, 'SELECT deferred AS n FROM search_index_mode')).toBe(0);
    expect(cut.pragma('integrity_check', { simple: true })).toBe('ok');
    cut.close();

    const resumed = await life(env, null);
    expect(resumed.done, resumed.stderr).not.toBeNull();
    // From the page it had, not from zero: a full sync takes CONTACTS / PAGE + 1 requests.
    expect(resumed.done).toBeLessThanOrEqual((CONTACTS - have) / PAGE + 1);

    const uninterrupted = await startSyncClient(server.url, { poke: false }, { pullWorker: { pageSize: PAGE } });
    clients.push(uninterrupted);
    await uninterrupted.engine.signIn('nadia', 'pw');
    await uninterrupted.engine.whenSynced();

    const after = openDatabase({ file: path.join(dir, 'workstation.db'), key });
    stores.push(after);
    expect(count(after, 'SELECT count(*) AS n FROM contacts')).toBe(CONTACTS);
    expect(rows(after)).toEqual(rows(uninterrupted.db));
    expect(count(after, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(CONTACTS);
    const search = (s: Db) => {
      const repo = new ContactRepository(s);
      return QUERIES.map((q) => repo.search(q, 100).map((c) => c.id));
    };
    const expected = search(uninterrupted.db);
    expect(expected.every((ids) => ids.length > 0)).toBe(true);
    expect(search(after)).toEqual(expected);
  });
});
