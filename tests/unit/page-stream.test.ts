/**
 * How a pull's pages reach the writer (src/core/sync/page-stream.ts, pull-loop.ts,
 * page-fetcher-client.ts): pages already in hand are written together in a large pull, never
 * past its transaction size or its page cap, and end at the last page's cursor; a fetcher
 * thread that dies fails the pull with a typed error instead of leaving it waiting.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentError, type PullCursor, type PullResponse } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { openDatabase, type Db } from '../../src/core/store/database';
import { PageFetcherClient, startPageFetcher } from '../../src/core/sync/page-fetcher-client';
import { mergePages, type PageSource } from '../../src/core/sync/page-stream';
import { PullApplier } from '../../src/core/sync/pull-apply';
import { pullAll } from '../../src/core/sync/pull-loop';
import { emptySyncStats } from '../../src/core/sync/sync-stats';
import { contactPage } from '../support/pulled-pages';
import { tempDir } from '../support/test-core';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function store(): Db {
  const db = openDatabase({ file: path.join(tempDir('page-stream-'), 'w.db'), key: randomBytes(32) });
  open.push(db);
  return db;
}

/**
 * A scripted page source (a stand-in for the fetcher thread, named so): `pages` pages of `size`
 * contacts, every one already in hand when the pull starts, the first counting what is left.
 */
function pagesInHand(pages: number, size: number): { source: PageSource; asked: Array<{ cursor: PullCursor; maxPages?: number }> } {
  const asked: Array<{ cursor: PullCursor; maxPages?: number }> = [];
  const source: PageSource = (cursor, _pageSize, maxPages) => {
    asked.push({ cursor, maxPages });
    const all = Array.from({ length: Math.min(pages, maxPages ?? pages) }, (_, p): PullResponse => ({
      ...contactPage(1 + p * size, size),
      hasMore: p < pages - 1,
      ...(p === 0 ? { remaining: { changes: pages * size, contacts: pages * size } } : {}),
    }));
    return {
      next: () => {
        const page = all.shift();
        return page ? Promise.resolve(page) : Promise.reject(new AgentError('INTERNAL', 'no page after the last'));
      },
      arrived: () => all.shift(),
      stop: () => undefined,
    };
  };
  return { source, asked };
}

describe('mergePages', () => {
  it('keeps both pages’ changes in order, the later cursor and hasMore, the earlier count', () => {
    const a = { ...contactPage(1, 2), remaining: { changes: 4, contacts: 4 } };
    const b = { ...contactPage(3, 2), hasMore: false };
    const merged = mergePages(a, b);
    expect(merged.changes.map((c) => c.version)).toEqual([1, 2, 3, 4]);
    expect(merged).toMatchObject({ cursor: 4, hasMore: false, remaining: { changes: 4, contacts: 4 } });
  });
});

describe('a large pull with its pages in hand', () => {
  it('writes them in transactions of up to its size, ending at the last cursor, with every contact searchable', async () => {
    const db = store();
    const applier = new PullApplier(db, silentLogger, undefined, { largePullFrom: 1_000, largePullTransactionChanges: 1_500 });
    const { source } = pagesInHand(7, 500);
    const written: number[] = [];
    const stats = emptySyncStats();
    const outcome = await pullAll(source, applier, stats, { pageSize: 500, onApplied: (s) => written.push(s.contacts.length) });
    expect(outcome.complete).toBe(true);
    // Three pages per transaction (1,500), the last one alone.
    expect(written).toEqual([1_500, 1_500, 500]);
    expect(stats.pullRequests).toBe(7);
    expect(applier.cursor()).toBe(3_500);
    expect((db.prepare('SELECT count(*) AS n FROM contacts_fts_docsize').get() as { n: number }).n).toBe(3_500);
  });

  it('never takes pages past its cap (a live call’s budget) into one transaction', async () => {
    const db = store();
    const applier = new PullApplier(db, silentLogger, undefined, { largePullFrom: 1_000, largePullTransactionChanges: 5_000 });
    const { source, asked } = pagesInHand(7, 500);
    const written: number[] = [];
    const outcome = await pullAll(source, applier, emptySyncStats(), { pageSize: 500, maxPages: 2, onApplied: (s) => written.push(s.contacts.length) });
    expect(outcome.complete).toBe(false);
    expect(asked).toEqual([{ cursor: 0, maxPages: 2 }]);
    expect(written).toEqual([1_000]);
    expect(applier.cursor()).toBe(1_000);
  });

  it('writes a small pull page by page, as it comes', async () => {
    const db = store();
    const applier = new PullApplier(db, silentLogger);
    const { source } = pagesInHand(3, 100);
    const written: number[] = [];
    await pullAll(source, applier, emptySyncStats(), { pageSize: 100, onApplied: (s) => written.push(s.contacts.length) });
    expect(written).toEqual([100, 100, 100]);
  });
});

describe('a page fetcher thread that dies', () => {
  it('fails the pull waiting on it with INTERNAL and is no longer used', async () => {
    const entry = path.join(tempDir('page-fetcher-'), 'dies.mjs');
    fs.writeFileSync(entry, 'process.exit(3);\n');
    const started = startPageFetcher(silentLogger, entry);
    if (!started) throw new Error('the fetcher thread did not start');
    const fetcher = new PageFetcherClient(started.port, silentLogger);
    const pages = fetcher.source('http://127.0.0.1:9', 'token')(0, 100);
    await expect(pages.next()).rejects.toMatchObject({ code: 'INTERNAL', message: 'The page fetcher stopped.' });
    expect(fetcher.usable).toBe(false);
    await expect(fetcher.source('http://127.0.0.1:9', 'token')(0, 100).next()).rejects.toMatchObject({ code: 'INTERNAL' });
    fetcher.close();
    await started.worker.terminate();
  });
});
