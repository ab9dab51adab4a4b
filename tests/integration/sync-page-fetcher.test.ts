/**
 * A first sync through the pull worker's page fetcher (src/core/sync/page-fetcher.ts: pages
 * fetched, parsed and validated on a thread of their own, several in hand) when the server's
 * answer to one page is not a page this app understands: the pull stops with the typed error,
 * keeps every page before it, and the next attempt resumes at that page, not from zero. Real
 * server on PostgreSQL; between them an HTTP relay that spoils one answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { seedSyntheticContacts } from '../../src/server/seed';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

const CONTACTS = 2_500;
const PAGE = 500;
let db: SyncDb;
let server: SyncServer;
const clients: SyncClient[] = [];

/** Forwards every request to the server; the `spoil`-th pull's answer is replaced with a page of the wrong shape. */
function relay(target: string, spoil: number): Promise<{ url: string; pulls: string[]; close(): Promise<void> }> {
  const pulls: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const isPull = req.url?.startsWith('/v1/pull') === true;
      if (isPull) pulls.push(new URL(req.url ?? '', 'http://x').searchParams.get('cursor') ?? '');
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      fetch(target + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }).then(
        async (answer) => {
          const body = isPull && pulls.length === spoil ? JSON.stringify({ changes: [{ entity: 'contact', version: 'seven' }], cursor: 'x', hasMore: true }) : await answer.text();
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        },
        () => res.destroy(),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        pulls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('page-fetcher'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'nadia', displayName: 'Nadia', password: 'pw' });
  await seedSyntheticContacts(db, CONTACTS, 'page-fetcher');
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
  await db?.close();
});

describe('a first sync whose third page comes back spoiled', () => {
  it('reports the typed error, keeps the first two pages, and resumes at the third', async () => {
    const line = await relay(server.url, 3);
    try {
      const c = await startSyncClient(line.url, { poke: false }, { pullWorker: { pageSize: PAGE } });
      clients.push(c);
      const errors: string[] = [];
      let contactsAtError = -1;
      c.bus.subscribe((name, payload) => {
        const error = name === 'sync.status' ? (payload as SyncStatus).lastError : undefined;
        if (error && !errors.includes(error.message)) {
          errors.push(error.message);
          contactsAtError = (c.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
        }
      });
      await c.engine.signIn('nadia', 'pw');
      await c.engine.whenSynced();

      expect(errors).toEqual([expect.stringContaining('does not understand')]);
      // The two pages before the spoiled one were kept...
      expect(contactsAtError).toBe(2 * PAGE);
      // ...and the retry asked again from where the spoiled page began, not from the start.
      const spoiledAt = line.pulls[2];
      expect(line.pulls.slice(3)[0]).toBe(spoiledAt);
      expect(line.pulls.filter((cursor) => cursor === '0')).toHaveLength(1);
      expect((c.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(CONTACTS);
      expect(c.contacts.search('First2345', 5).map((x) => x.firstName)).toContain('First2345');
    } finally {
      await line.close();
    }
  });
});
