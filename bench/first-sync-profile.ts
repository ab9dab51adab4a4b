/**
 * Where a first sync's time goes, stage by stage (issue 17): the server's page query and JSON
 * splice, HTTP, JSON.parse, zod, the local writes and the search index. A quick diagnostic
 * beside bench/sync.bench.ts; prints a breakdown only.
 *
 *   BENCH_CONTACTS=200000 node --import tsx bench/first-sync-profile.ts
 */
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PULL_PAGE_MAX, PullResponse } from '../src/contract';
import { silentLogger } from '../src/core/log';
import { openDatabase } from '../src/core/store/database';
import { PULL_TRANSACTION_CHANGES, PullApplier } from '../src/core/sync/pull-apply';
import { createAgent, signIn } from '../src/server/auth';
import { startSyncServer } from '../src/server/app';
import { connectPostgres } from '../src/server/db';
import { pullPage } from '../src/server/pull';
import { seedSyntheticContacts } from '../src/server/seed';
import { tempDir } from '../tests/support/test-core';
import { createDatabase, prepareTestPostgres } from '../tests/setup/postgres';

const N = Number(process.env.BENCH_CONTACTS ?? 200_000);
const LIMIT = Number(process.env.BENCH_PAGE ?? PULL_PAGE_MAX);

async function main(): Promise<void> {
  const postgres = await prepareTestPostgres();
  const url = await createDatabase(postgres, 'profile');
  const db = connectPostgres(url, silentLogger);
  const server = await startSyncServer({ db, log: silentLogger });
  const agent = await createAgent(db, { username: 'p', displayName: 'P', password: 'pw' });
  let t = performance.now();
  await seedSyntheticContacts(db, N);
  console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; seeded ${N} in ${((performance.now() - t) / 1000).toFixed(1)} s; pages of ${LIMIT}`);
  // Wall time per stage, and CPU time of this process during it (the client stages run
  // synchronously, so theirs is exactly their own; HTTP's includes the in-process server's JS,
  // not PostgreSQL's). On a shared machine the CPU column is the one to read.
  const ms: Record<string, number> = {};
  const cpuMs: Record<string, number> = {};
  let cpu = process.cpuUsage();
  const add = (k: string, v: number) => {
    ms[k] = (ms[k] ?? 0) + v;
    const used = process.cpuUsage(cpu);
    cpuMs[k] = (cpuMs[k] ?? 0) + (used.user + used.system) / 1000;
    cpu = process.cpuUsage();
  };

  // 1. Server: query + splice, in-process, no HTTP.
  let cursor: string | number = 0;
  let bytes = 0;
  for (;;) {
    t = performance.now();
    cpu = process.cpuUsage();
    const body = await pullPage(db, agent.id, { cursor: String(cursor), limit: LIMIT });
    add('server pullPage (query + JSON splice)', performance.now() - t);
    bytes += body.length;
    const m = /"cursor":"([^"]+)","hasMore":(true|false)/.exec(body.slice(-200));
    if (!m || m[2] === 'false') break;
    cursor = m[1] ?? '0';
  }
  // 2. HTTP end to end, then parse, zod, apply into an encrypted store.
  const { token } = await signIn(db, 'p', 'pw');
  const store = openDatabase({ file: path.join(tempDir('profile-'), 'w.db'), key: randomBytes(32) });
  // As the pull worker's connection runs (pull-worker.ts).
  store.pragma('synchronous = NORMAL');
  const applier = new PullApplier(store, silentLogger, undefined, { transactionChanges: PULL_TRANSACTION_CHANGES });
  cursor = 0;
  for (;;) {
    t = performance.now();
    cpu = process.cpuUsage();
    const res = await fetch(`${server.url}/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=${LIMIT}&cursors=snapshot`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    add('HTTP (server + transfer, to text)', performance.now() - t);
    t = performance.now();
    const json: unknown = JSON.parse(text);
    add('client JSON.parse', performance.now() - t);
    t = performance.now();
    const page = PullResponse.parse(json);
    add('client zod PullResponse', performance.now() - t);
    t = performance.now();
    applier.applyPage(page);
    add('client applyPage (rows + per-page search rows + cursor)', performance.now() - t);
    if (!page.hasMore) break;
    cursor = page.cursor;
  }
  const total = Object.values(ms).reduce((a, b) => a + b, 0) - (ms['server pullPage (query + JSON splice)'] ?? 0);
  console.log(`payload ${(bytes / 2 ** 20).toFixed(1)} MB`);
  console.log(`  ${'stage'.padEnd(60)} wall s   CPU s`);
  for (const [k, v] of Object.entries(ms)) console.log(`  ${k.padEnd(60)} ${(v / 1000).toFixed(2).padStart(6)}  ${((cpuMs[k] ?? 0) / 1000).toFixed(2).padStart(6)}`);
  console.log(`  ${'end to end (HTTP + client stages, one after another)'.padEnd(60)} ${(total / 1000).toFixed(2).padStart(6)}`);
  console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
  store.close();
  await server.close();
  await db.close();
  await postgres.teardown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
