/**
 * Power cuts in the middle of a first sync, for real: a child process pulls a contact book
 * through the pull worker and is SIGKILLed after a few pages; restarted, it is SIGKILLed again
 * while it builds the search index at the end (a first sync indexes its contacts once, after the
 * last page: migration 013). The first cut leaves whole pages, found by number at once, with the
 * search index marked as still to build; the second leaves whole chunks of the index, each
 * searchable. Restarted again, it resumes from where each cut left it, not from zero, and ends
 * with the same contacts and the same search results as a workstation that synced without
 * interruption.
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

/** One life of the child, SIGKILLed on the `killAt`th line of that kind (A: a page applied, I: a chunk of the search index built); null: run to the end. */
function life(env: Record<string, string>, killAt: { line: 'A' | 'I'; nth: number } | null): Promise<{ pages: number; done: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/first-sync-client.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pages = 0;
    let chunks = 0;
    let done: number | null = null;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('A ')) pages++;
      if (line.startsWith('I ')) chunks++;
      if (killAt && (killAt.line === 'A' ? pages : chunks) === killAt.nth && line.startsWith(`${killAt.line} `)) child.kill('SIGKILL');
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
const QUERIES = ['First12', 'first5999', 'Last99', 'company 17', 'user4000', '+923000004321', '03000001234', 'example', 'f', 'fi', 'las', 'comp', 'user4', '0300000'];
/** Contacts per transaction of the final index build: small, so the second cut lands mid-build. */
const INDEX_CHUNK = 50;
const pendingFrom = (s: Db) => (s.prepare('SELECT pending_from AS n FROM search_index_mode').get() as { n: number | null }).n;

describe('first sync killed mid-way', () => {
  it('resumes from the last applied page, then from the last built chunk of the search index, and ends as an uninterrupted sync does', async () => {
    const dir = tempDir('agent-first-sync-kill-');
    const key = randomBytes(32);
    const env = { FIRST_SYNC_URL: server.url, FIRST_SYNC_DIR: dir, FIRST_SYNC_KEY: key.toString('hex'), FIRST_SYNC_PAGE: String(PAGE), FIRST_SYNC_INDEX_CHUNK: String(INDEX_CHUNK) };
    const file = path.join(dir, 'workstation.db');

    const killed = await life(env, { line: 'A', nth: randomInt(2, 6) });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    // What the first cut left: whole pages only, found by number, their search index still to build.
    const cut = openDatabase({ file, key });
    const have = count(cut, 'SELECT count(*) AS n FROM contacts');
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThan(CONTACTS);
    expect(have % PAGE).toBe(0);
    expect(pendingFrom(cut)).toBe(1);
    expect(count(cut, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(0);
    const some = cut.prepare('SELECT c.id, p.e164 FROM contacts c JOIN contact_phones p ON p.contact_id = c.id ORDER BY c.seq DESC LIMIT 1').get() as { id: string; e164: string };
    expect(new ContactRepository(cut).lookupByE164(some.e164).map((c) => c.id)).toEqual([some.id]);
    expect(count(cut, 'SELECT count(*) AS n FROM contacts_fts_dirty')).toBe(0);
    expect(count(cut, 'SELECT deferred AS n FROM search_index_mode')).toBe(0);
    expect(cut.pragma('integrity_check', { simple: true })).toBe('ok');
    cut.close();

    // Restarted: the rest of the pages, then cut again while the search index is built.
    const building = await life(env, { line: 'I', nth: 1 });
    expect(building.signal, building.stderr).toBe('SIGKILL');
    // From the page it had, not from zero: a full sync takes CONTACTS / PAGE + 1 requests.
    expect(building.pages).toBeLessThanOrEqual((CONTACTS - have) / PAGE);
    const cut2 = openDatabase({ file, key });
    expect(count(cut2, 'SELECT count(*) AS n FROM contacts')).toBe(CONTACTS);
    const mark = pendingFrom(cut2);
    // Whole chunks: every contact below the mark has its search row, none above it.
    expect(mark).not.toBeNull();
    expect(count(cut2, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(count(cut2, `SELECT count(*) AS n FROM contacts WHERE seq < ${mark ?? 0}`));
    expect(count(cut2, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBeGreaterThan(0);
    expect(cut2.pragma('integrity_check', { simple: true })).toBe('ok');
    cut2.close();

    const resumed = await life(env, null);
    expect(resumed.done, resumed.stderr).not.toBeNull();
    // Nothing left to pull: one request, then the rest of the build.
    expect(resumed.done).toBe(1);
    expect(resumed.pages).toBe(0);

    const uninterrupted = await startSyncClient(server.url, { poke: false }, { pullWorker: { pageSize: PAGE } });
    clients.push(uninterrupted);
    await uninterrupted.engine.signIn('nadia', 'pw');
    await uninterrupted.engine.whenSynced();

    const after = openDatabase({ file: path.join(dir, 'workstation.db'), key });
    stores.push(after);
    expect(count(after, 'SELECT count(*) AS n FROM contacts')).toBe(CONTACTS);
    expect(rows(after)).toEqual(rows(uninterrupted.db));
    expect(count(after, 'SELECT count(*) AS n FROM contacts_fts_docsize')).toBe(CONTACTS);
    expect(pendingFrom(after)).toBeNull();
    const search = (s: Db) => {
      const repo = new ContactRepository(s);
      return QUERIES.map((q) => repo.search(q, 100).map((c) => c.id));
    };
    const expected = search(uninterrupted.db);
    expect(expected.every((ids) => ids.length > 0)).toBe(true);
    expect(search(after)).toEqual(expected);
  });
});
