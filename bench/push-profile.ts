/**
 * Where one small push's time goes, stage by stage (issue 12): the day-to-day push (1–5
 * mutations: calls, one push in five an edit of a shared contact) sent BENCH_PUSHES times (500)
 * one after another over HTTP to an in-process server on real PostgreSQL. Every database round
 * trip is timed and named by its statement (token check, client lock, processed-mutation lookup,
 * row loads, writes, change-log upsert, record, BEGIN/COMMIT, the NOTIFYs after the commit); the
 * rest of the request is HTTP, JSON, zod and the rules in Node. Also prints the CPU per push of
 * this process and of the database's backends. A quick diagnostic beside
 * bench/sync-scale.bench.ts; prints a breakdown only.
 *
 *   BENCH_PUSHES=500 node --import tsx bench/push-profile.ts
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PushResponse, SignInResponse, type Mutation } from '../src/contract';
import { silentLogger } from '../src/core/log';
import { createAgent } from '../src/server/auth';
import { startSyncServer } from '../src/server/app';
import { connectPostgres, type Sql, type SyncDb } from '../src/server/db';
import { seedSyntheticContacts } from '../src/server/seed';
import { createDatabase, prepareTestPostgres } from '../tests/setup/postgres';
import { backendPids, describeCpu, startCpuMeter } from './cpu-usage';

const PUSHES = Number(process.env.BENCH_PUSHES ?? 500);
const CONTACTS = 5_000;

/** A statement's stage, by what it touches; the first match names it. */
const STAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/FROM sessions s JOIN agents/, 'token check (SELECT session)'],
  [/UPDATE sessions SET last_used_at/, 'token renew (UPDATE session)'],
  [/pg_advisory_xact_lock/, 'client lock'],
  [/FROM processed_mutations/, 'processed lookup'],
  [/INSERT INTO processed_mutations/, 'processed record'],
  [/nextval\('change_version'\)/, 'allocate versions'],
  [/INSERT INTO change_log/, 'change-log upsert'],
  [/pg_notify/, 'NOTIFY after commit'],
  [/FROM contacts|FROM calls|FROM notes|FROM callbacks|FROM leads/, 'load rows'],
  [/INSERT INTO|UPDATE /, 'write rows'],
];
const stageOf = (text: string) => STAGES.find(([re]) => re.test(text))?.[1] ?? `other: ${text.replace(/\s+/g, ' ').slice(0, 40)}`;

async function main(): Promise<void> {
  const postgres = await prepareTestPostgres();
  const url = await createDatabase(postgres, 'pushprof');
  const database = new URL(url).pathname.slice(1);
  const inner = connectPostgres(url, silentLogger);
  const ms = new Map<string, number>();
  const trips = new Map<string, number>();
  let timing = false;
  const add = (stage: string, t: number) => {
    if (!timing) return;
    ms.set(stage, (ms.get(stage) ?? 0) + t);
    trips.set(stage, (trips.get(stage) ?? 0) + 1);
  };
  const timed = (q: Sql['query']): Sql['query'] =>
    (async (text: string, params?: readonly unknown[]) => {
      const t = performance.now();
      try {
        return await q(text, params);
      } finally {
        add(stageOf(text), performance.now() - t);
      }
    }) as Sql['query'];
  const db: SyncDb = {
    ...inner,
    query: timed(inner.query.bind(inner)),
    transaction: async (fn, pool, lead) => {
      const t0 = performance.now();
      let t1 = 0;
      let t2 = 0;
      const result = await inner.transaction(async (tx) => {
        t1 = performance.now();
        add(lead ? 'connect + BEGIN + client lock' : 'connect + BEGIN', t1 - t0);
        try {
          return await fn({ ...tx, query: timed(tx.query.bind(tx)) });
        } finally {
          t2 = performance.now();
        }
      }, pool, lead);
      add('COMMIT', performance.now() - t2);
      return result;
    },
  };
  // The server process's default (main.ts); ignored by versions without a token cache.
  const server = await startSyncServer({ db, log: silentLogger, tokenCacheMs: Number(process.env.SYNC_TOKEN_CACHE_MS ?? 5000) });
  await seedSyntheticContacts(inner, CONTACTS, 'pushprof');
  const contactIds = (await inner.query<{ id: string }>('SELECT id::text FROM contacts')).rows.map((r) => r.id);
  await createAgent(inner, { username: 'prof', displayName: 'Prof', password: 'bench-pw' });
  const post = async <T,>(path: string, parse: { parse(v: unknown): T }, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return parse.parse(await res.json());
  };
  const { token } = await post('/v1/auth/sign-in', SignInResponse, { username: 'prof', password: 'bench-pw' });
  const clientId = randomUUID();
  const onePush = async (i: number) => {
    const at = new Date().toISOString();
    const size = 1 + (i % 5);
    const mutations = Array.from({ length: size }, (_, k): { mutationId: string; mutation: Mutation } => {
      const contactId = contactIds[Math.floor(Math.random() * contactIds.length)] ?? '';
      const mutation: Mutation =
        k === 0 && i % 5 === 0
          ? { kind: 'contact.update', contactId, changes: [{ field: 'company', value: `profile ${i}`, baseVersion: 1_000_000_000 }] }
          : { kind: 'call.upsert', callId: randomUUID(), direction: 'inbound', localNumber: '100', remoteNumber: '+923001234567', contactId, startedAt: at, answeredAt: at, endedAt: at, endCause: 'normal' };
      return { mutationId: randomUUID(), mutation };
    });
    const { outcomes } = await post('/v1/push', PushResponse, { clientId, mutations }, token);
    if (outcomes.some((o) => o.status !== 'applied')) throw new Error(`push not applied: ${JSON.stringify(outcomes)}`);
  };
  for (let i = 0; i < 50; i++) await onePush(i); // warm up: JIT, connections, caches

  const cpu = await startCpuMeter([], () => backendPids(inner, database));
  timing = true;
  const totals: number[] = [];
  for (let i = 0; i < PUSHES; i++) {
    const t = performance.now();
    await onePush(i);
    totals.push(performance.now() - t);
  }
  timing = false;
  const usage = await cpu.stop();
  const sum = totals.reduce((a, b) => a + b, 0);
  const db_ms = [...ms.values()].reduce((a, b) => a + b, 0);
  const sorted = [...totals].sort((a, b) => a - b);
  console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${PUSHES} pushes of 1–5 mutations, one at a time`);
  console.log(`push p50 ${sorted[Math.floor(PUSHES / 2)]?.toFixed(2)} ms, p99 ${sorted[Math.floor(PUSHES * 0.99)]?.toFixed(2)} ms, mean ${(sum / PUSHES).toFixed(2)} ms`);
  console.log('stage                                   ms/push   round trips/push   share');
  const rows = [...ms.entries()].sort((a, b) => b[1] - a[1]);
  for (const [stage, t] of rows) {
    console.log(`${stage.padEnd(40)} ${(t / PUSHES).toFixed(3).padStart(7)}   ${((trips.get(stage) ?? 0) / PUSHES).toFixed(2).padStart(16)}   ${((100 * t) / sum).toFixed(0).padStart(4)} %`);
  }
  const trips_ = [...trips.values()].reduce((a, b) => a + b, 0);
  console.log(`${'database round trips, all'.padEnd(40)} ${(db_ms / PUSHES).toFixed(3).padStart(7)}   ${(trips_ / PUSHES).toFixed(2).padStart(16)}   ${((100 * db_ms) / sum).toFixed(0).padStart(4)} %`);
  console.log(`${'HTTP, JSON, zod, rules (Node)'.padEnd(40)} ${((sum - db_ms) / PUSHES).toFixed(3).padStart(7)}   ${''.padStart(16)}   ${((100 * (sum - db_ms)) / sum).toFixed(0).padStart(4)} %`);
  console.log(`CPU per push: this process (client + server) ${((usage.benchS * 1000) / PUSHES).toFixed(2)} ms, PostgreSQL backends ${((usage.postgresS * 1000) / PUSHES).toFixed(2)} ms; ${describeCpu(usage)}`);
  await server.close();
  await inner.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
