/**
 * Who checkpoints the store's WAL (wal-checkpoints.ts): a large pull checkpoints every few pages
 * instead of in every commit and puts the connection's settings back; its last checkpoint can
 * be left to the caller (the pull worker runs it once the pull is reported done); the core's
 * connection leaves checkpoints to the pull worker while it is usable. Real encrypted stores
 * throughout: the database file only grows when a checkpoint copies pages into it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/core/store/database';
import { AUTOCHECKPOINT_PAGES, BULK_CACHE_KIB, BULK_CHECKPOINT_EVERY_CHANGES, checkpoint, leaveCheckpointsToWorker } from '../../src/core/store/wal-checkpoints';
import type { PageSource } from '../../src/core/sync/page-stream';
import { INDEX_AT_END_FROM, PullApplier } from '../../src/core/sync/pull-apply';
import { pullAll } from '../../src/core/sync/pull-loop';
import { emptySyncStats } from '../../src/core/sync/sync-stats';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { startPullWorker } from '../../src/core/sync/pull-worker-client';
import { silentLogger } from '../../src/core/log';
import { contactPage as page } from '../support/pulled-pages';
import { tempDir } from '../support/test-core';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function store(): { db: Db; file: string; key: Buffer } {
  const file = path.join(tempDir('wal-checkpoints-'), 'w.db');
  const key = randomBytes(32);
  const db = openDatabase({ file, key });
  open.push(db);
  return { db, file, key };
}

describe('a large pull checkpoints every so many changes', () => {
  it('leaves the pages in the WAL until BULK_CHECKPOINT_EVERY_CHANGES are in, copies them then, and restores the connection at the end', () => {
    const { db, file } = store();
    const applier = new PullApplier(db);
    const size = () => fs.statSync(file).size;
    const before = size();
    const bulk = applier.beginBulkWrite();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(db.pragma('cache_size', { simple: true })).toBe(-BULK_CACHE_KIB);
    const PAGE = BULK_CHECKPOINT_EVERY_CHANGES / 4;
    for (let p = 0; p < 3; p++) {
      applier.applyPage(page(1 + p * PAGE, PAGE), undefined, { indexAtEnd: true });
      bulk.committed(PAGE);
    }
    // Thousands of pages of the store committed, none copied back yet: the file is as it was.
    expect(size()).toBe(before);
    applier.applyPage(page(1 + 3 * PAGE, PAGE), undefined, { indexAtEnd: true });
    bulk.committed(PAGE);
    const afterCheckpoint = size();
    expect(afterCheckpoint).toBeGreaterThan(before);
    applier.applyPage(page(1 + 4 * PAGE, 300), undefined, { indexAtEnd: true });
    bulk.committed(300);
    expect(size()).toBe(afterCheckpoint);
    bulk.end();
    expect(size()).toBeGreaterThan(afterCheckpoint);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES);
    expect(db.pragma('cache_size', { simple: true })).toBe(-32768);
    // Everything committed is readable, whether copied back or not.
    expect(db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 4 * PAGE + 300 });
  });
});

/** A first sync's pages from memory: `n` new contacts in pages of `size`, the first counting them. */
function firstSyncPages(n: number, size: number): PageSource {
  return () => {
    let from = 1;
    const take = () => {
      const p = page(from, Math.min(size, n + 1 - from));
      const first = from === 1;
      from += size;
      return { ...p, hasMore: from <= n, ...(first ? { remaining: { changes: n, contacts: n } } : {}) };
    };
    return { next: () => Promise.resolve(take()), arrived: () => undefined, stop: () => undefined };
  };
}

describe("a large pull's last checkpoint", () => {
  const N = INDEX_AT_END_FROM + 1000;

  it('runs before the pull resolves unless the caller takes it, who then finds every contact searchable and the pages still in the WAL', async () => {
    const size = (file: string) => fs.statSync(file).size;
    const inline = store();
    const inlineBefore = size(inline.file);
    const ran = await pullAll(firstSyncPages(N, 1000), new PullApplier(inline.db), emptySyncStats(), { pageSize: 1000 });
    expect(ran.checkpointDue).toBeFalsy();
    expect(size(inline.file)).toBeGreaterThan(inlineBefore);

    const { db, file } = store();
    const before = size(file);
    const left = await pullAll(firstSyncPages(N, 1000), new PullApplier(db), emptySyncStats(), { pageSize: 1000, lastCheckpoint: false });
    expect(left.checkpointDue).toBe(true);
    // Fewer changes than BULK_CHECKPOINT_EVERY_CHANGES and no last checkpoint: nothing copied back yet.
    expect(size(file)).toBe(before);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES);
    expect(db.pragma('cache_size', { simple: true })).toBe(-32768);
    // What the agent sees does not wait for it: every contact there, the last one found by name.
    expect(db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: N });
    expect(new ContactRepository(db).search(`First${N}`, 5).map((c) => c.firstName)).toEqual([`First${N}`]);
    checkpoint(db);
    expect(size(file)).toBeGreaterThan(before);
  });
});

describe("the core's connection and the pull worker", () => {
  it('checkpoints on its own until the worker is up, not while it is, and again once it has stopped', async () => {
    const { db, file, key } = store();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES);
    const worker = startPullWorker(db, { file, key: Buffer.from(key), pageSize: 100 }, silentLogger);
    expect(await worker.usable()).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await worker.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES);
  });

  it('keeps checkpointing on its own when the worker cannot open the store', async () => {
    const { db, file } = store();
    const worker = startPullWorker(db, { file, key: randomBytes(32), pageSize: 100 }, silentLogger);
    expect(await worker.usable()).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES);
  });

  it('does nothing to a connection already closed (the core closes its store before the worker exits)', () => {
    const { db } = store();
    db.close();
    expect(() => leaveCheckpointsToWorker(db, false)).not.toThrow();
  });
});
