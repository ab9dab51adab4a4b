/**
 * The store part of a first sync alone (issue 17): synthetic pulled pages shaped as the
 * server's seed (bench/sync.bench.ts) applied straight to a store, with one variant of the
 * store at a time, to see what each part of the write costs. Prints wall and CPU seconds of
 * the applies, and of the final steps (search index build, checkpoint) when the variant has them.
 *
 *   BENCH_CONTACTS=200000 BENCH_VARIANT=current node --import tsx bench/first-sync-store.ts
 *
 * Variants (comma-separated, combined): current (search rows per page, as before issue 17 round 4), plain (no
 * encryption), cipher=<aegis|sqlcipher|chacha20|name:algorithm> (the store's cipher; default the
 * product's, AEGIS-256), nofts (no search triggers), ftsend (no search triggers, the whole index built
 * once at the end), bulk (the bulk first-sync path: search-index.ts), prefix=<list|none>
 * (contacts_fts rebuilt with those prefix indexes), ckpt0 (no autocheckpoint, one at the end),
 * cache=<MB>, noe164 (no contact_phones e164 index), ckptEvery=<pages> (with ckpt0: a PASSIVE
 * checkpoint every that many pages, as a large pull does: wal-checkpoints.ts).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Change, PullResponse } from '../src/contract';
import { openDatabase, type Db, type StoreCipher } from '../src/core/store/database';
import { migrate } from '../src/core/store/migrate';
import { PULL_TRANSACTION_CHANGES, PullApplier } from '../src/core/sync/pull-apply';
import { tempDir } from '../tests/support/test-core';
import { percentile, searchLatencies } from './search-latency';

const N = Number(process.env.BENCH_CONTACTS ?? 200_000);
const PAGE = 5000;
const variant = new Map((process.env.BENCH_VARIANT ?? 'current').split(',').map((v) => v.split('=') as [string, string | undefined]));

/** A uuid-4 shaped id from a number, spread like md5 (the seed's ids are random). */
function idOf(g: number): string {
  let h = BigInt(g) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n;
  const hex: string[] = [];
  for (let i = 0; i < 2; i++) {
    h = (h ^ (h >> 29n)) * 0xbf58476d1ce4e5b9n & 0xffffffffffffffffn;
    hex.push(h.toString(16).padStart(16, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function page(from: number): PullResponse {
  const changes: Change[] = [];
  for (let g = from; g < Math.min(N + 1, from + PAGE); g++) {
    changes.push({
      version: g,
      entity: 'contact',
      contact: {
        id: idOf(g),
        fields: {
          firstName: `First${g}`,
          lastName: `Last${g % 997}`,
          company: `Company ${g % 211}`,
          email: `user${g}@example.com`,
          phones: [{ label: 'mobile', number: `+92300${String(g).padStart(7, '0')}` }],
          timezone: 'Asia/Karachi',
          doNotCall: false,
        },
        fieldVersions: { firstName: g, lastName: g, company: g, email: g, phones: g, timezone: g, doNotCall: g },
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    });
  }
  return { changes, cursor: `x1.${from + PAGE - 1}`, hasMore: from + PAGE <= N };
}

/** The connection settings of database.ts tune(), for the variants that open the store themselves. */
const SETTINGS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'temp_store = MEMORY', 'cache_size = -32768', 'wal_autocheckpoint = 200'];

function open(): Db {
  const file = path.join(tempDir('store-variant-'), 'w.db');
  const cipher = variant.get('cipher');
  if (!variant.has('plain') && (cipher === undefined || cipher === 'aegis' || cipher === 'sqlcipher')) {
    return openDatabase({ file, key: randomBytes(32), newStoreCipher: cipher as StoreCipher | undefined });
  }
  const db = new Database(file);
  if (cipher) {
    // Another of SQLite3 Multiple Ciphers' ciphers, "name" or "name:algorithm", keyed raw as the store is.
    const [name, algorithm] = cipher.split(':');
    db.pragma(`cipher='${name}'`);
    if (algorithm) db.pragma(`algorithm='${algorithm}'`);
    db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
  }
  for (const p of SETTINGS) db.pragma(p);
  migrate(db);
  return db;
}

const FTS_TRIGGERS = ['contacts_fts_insert', 'contacts_fts_insert_deferred', 'contacts_fts_update', 'contacts_fts_update_deferred', 'contacts_fts_delete',
  'contact_phones_fts_insert', 'contact_phones_fts_insert_deferred', 'contact_phones_fts_delete', 'contact_phones_fts_delete_deferred', 'notes_fts_insert', 'notes_fts_insert_deferred'];

function main(): void {
  const db = open();
  db.pragma('synchronous = NORMAL');
  const prefix = variant.get('prefix');
  if (prefix !== undefined) {
    db.exec(`DROP TABLE contacts_fts; CREATE VIRTUAL TABLE contacts_fts USING fts5 (name, company, email, phones, notes, content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'${prefix === 'none' ? '' : `, prefix = '${prefix.replaceAll('_', ' ')}'`})`);
  }
  const noFts = variant.has('nofts') || variant.has('ftsend');
  if (noFts) for (const t of FTS_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  if (variant.has('ckpt0')) db.pragma('wal_autocheckpoint = 0');
  const cache = variant.get('cache');
  if (cache) db.pragma(`cache_size = -${Number(cache) * 1024}`);
  if (variant.has('noe164')) db.exec('DROP INDEX contact_phones_e164');
  const applier = new PullApplier(db, undefined, undefined, { transactionChanges: PULL_TRANSACTION_CHANGES, batchIndexFrom: noFts ? Infinity : undefined });

  const pages: PullResponse[] = [];
  for (let from = 1; from <= N; from += PAGE) pages.push(page(from));
  const load0 = os.loadavg()[0]?.toFixed(2);
  const stage = (name: string, fn: () => void) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    console.log(`  ${name.padEnd(34)} wall ${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s  CPU ${((c.user + c.system) / 1e6).toFixed(2).padStart(6)} s`);
  };
  console.log(`${N} contacts, variant ${process.env.BENCH_VARIANT ?? 'current'}, load ${load0}`);
  let slowest = 0;
  stage('apply pages', () => {
    const every = Number(variant.get('ckptEvery') ?? 0);
    pages.forEach((p, i) => {
      const t0 = performance.now();
      applier.applyPage(p, undefined, { indexAtEnd: variant.has('bulk') });
      if (every > 0 && (i + 1) % every === 0) db.pragma('wal_checkpoint(PASSIVE)');
      slowest = Math.max(slowest, performance.now() - t0);
    });
  });
  console.log(`  slowest page ${slowest.toFixed(0)} ms`);
  if (variant.has('ftsend')) {
    stage('search index, one INSERT … SELECT', () =>
      db.prepare('INSERT INTO contacts_fts (rowid, name, company, email, phones, notes) SELECT seq, name, company, email, phones, notes FROM contact_search_text ORDER BY seq').run(),
    );
  }
  if (variant.has('bulk')) {
    stage('search index build (chunks)', () => {
      while (!applier.buildSearchIndex(Number(variant.get('chunk') ?? 20_000)).done);
    });
  }
  if (variant.has('ckpt0')) stage('checkpoint (TRUNCATE)', () => void db.pragma('wal_checkpoint(TRUNCATE)'));
  const times = searchLatencies(db, N);
  console.log(`  search p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms; load ${os.loadavg()[0]?.toFixed(2)} at the end`);
  db.close();
}

main();
