/**
 * The power-cut storm (issue 12): N agents come back online at once and push their 8-hour
 * backlogs (BENCH_SCALE_MUTATIONS each, default 2,500: notes, calls and edits of a shared set of
 * contacts) in batches of 1,000, over HTTP to one server on real PostgreSQL, while an agent
 * already online pulls every 200 ms. Each N runs twice in the same process and database: with
 * the global push lock (SYNC_GLOBAL_PUSH_LOCK=1, the design before) and without it. Prints total
 * time, per-agent finish p50/p95/max, mutations/s, and the online agent's pull latency. Then
 * the storm of BENCH_SCALE_INSTANCE_AGENTS (default 50) agents against one and against two
 * server processes (src/server/main.ts) on the same database, agents split between them.
 * Server, PostgreSQL and load generator share this machine. Prints figures only.
 *
 *   npm run bench
 *   BENCH_SCALE_AGENTS=10,50 BENCH_SCALE_MUTATIONS=1000 node --import tsx bench/sync-scale.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PullResponse, PushResponse, SignInResponse, type Mutation } from '../src/contract';
import { silentLogger } from '../src/core/log';
import { createAgent } from '../src/server/auth';
import { startSyncServer } from '../src/server/app';
import { connectPostgres } from '../src/server/db';
import { seedSyntheticContacts } from '../src/server/seed';
import { createDatabase, prepareTestPostgres } from '../tests/setup/postgres';
import { spawnSyncServer } from '../tests/support/sync-server-process';

const AGENTS = (process.env.BENCH_SCALE_AGENTS ?? '10,50,100').split(',').map(Number);
const MUTATIONS = Number(process.env.BENCH_SCALE_MUTATIONS ?? 2_500);
const INSTANCE_AGENTS = Number(process.env.BENCH_SCALE_INSTANCE_AGENTS ?? 50);
const CONTACTS = 5_000;
const BATCH = 1_000;

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const postgres = await prepareTestPostgres();
  const databaseUrl = await createDatabase(postgres, 'scale');
  const db = connectPostgres(databaseUrl, silentLogger);
  const server = await startSyncServer({ db, log: silentLogger });
  await seedSyntheticContacts(db, CONTACTS, 'scale');
  const { rows } = await db.query<{ id: string }>('SELECT id::text FROM contacts');
  const contactIds = rows.map((r) => r.id);

  const call = async <T,>(path: string, parse: { parse(v: unknown): T }, init: { token?: string; body?: unknown; base?: string } = {}): Promise<T> => {
    const res = await fetch((init.base ?? server.url) + path, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return parse.parse(await res.json());
  };
  const signIn = async (username: string) => (await call('/v1/auth/sign-in', SignInResponse, { body: { username, password: 'bench-pw' } })).token;

  const most = Math.max(...AGENTS, INSTANCE_AGENTS);
  const tokens: string[] = [];
  for (let i = 0; i < most; i++) {
    await createAgent(db, { username: `storm${i}`, displayName: `Storm ${i}`, password: 'bench-pw' });
    tokens.push(await signIn(`storm${i}`));
  }
  await createAgent(db, { username: 'online', displayName: 'Online', password: 'bench-pw' });
  const online = await signIn('online');

  /** An agent's day offline: a third notes, a third calls, a third edits of the shared contacts. */
  const backlog = (agent: number): Mutation[] =>
    Array.from({ length: MUTATIONS }, (_, i): Mutation => {
      const contactId = contactIds[(agent * 7919 + i * 31) % contactIds.length] ?? '';
      const at = new Date().toISOString();
      if (i % 3 === 0) return { kind: 'note.append', noteId: randomUUID(), callId: null, contactId, body: `Call ${i}: asked about the bill.`, createdAt: at };
      if (i % 3 === 1) {
        return { kind: 'call.upsert', callId: randomUUID(), direction: 'outbound', localNumber: '100', remoteNumber: '+923001234567', contactId, startedAt: at, answeredAt: at, endedAt: at, endCause: 'normal' };
      }
      return { kind: 'contact.update', contactId, changes: [{ field: 'company', value: `Company ${agent}-${i}`, baseVersion: 1_000_000_000 }] };
    });

  let cursor: string | number = 0;
  const catchUp = async () => {
    for (;;) {
      const page: PullResponse = await call(`/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=1000`, PullResponse, { token: online });
      cursor = page.cursor;
      if (!page.hasMore) return;
    }
  };

  /** n agents push their backlogs at once, agent i through bases[i % bases.length], while the online agent pulls. */
  const storm = async (n: number, bases: readonly string[]) => {
    const work = tokens.slice(0, n).map((token, agent) => ({ token, base: bases[agent % bases.length], clientId: randomUUID(), mutations: backlog(agent) }));
    await catchUp();
    let storming = true;
    const pulls: number[] = [];
    const puller = (async () => {
      while (storming) {
        const t = performance.now();
        const page: PullResponse = await call(`/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=100`, PullResponse, { token: online });
        pulls.push(performance.now() - t);
        cursor = page.cursor;
        await sleep(200);
      }
    })();
    const t0 = performance.now();
    const finished = await Promise.all(
      work.map(async (w) => {
        for (let i = 0; i < w.mutations.length; i += BATCH) {
          const mutations = w.mutations.slice(i, i + BATCH).map((mutation) => ({ mutationId: randomUUID(), mutation }));
          const { outcomes } = await call('/v1/push', PushResponse, { token: w.token, body: { clientId: w.clientId, mutations }, base: w.base });
          const refused = outcomes.find((o) => o.status === 'rejected');
          if (refused) throw new Error(`push refused: ${JSON.stringify(refused)}`);
        }
        return (performance.now() - t0) / 1000;
      }),
    );
    const total = (performance.now() - t0) / 1000;
    storming = false;
    await puller;
    return { total, finished, pulls };
  };

  process.stdout.write(`power-cut storm: ${MUTATIONS} mutations per agent in batches of ${BATCH}, ${CONTACTS} shared contacts\n`);
  process.stdout.write('design       agents   total s   agent p50 s   p95 s   max s   mutations/s   online pull p50 / p99 / max ms\n');
  for (const n of AGENTS) {
    for (const design of ['global lock', 'parallel'] as const) {
      process.env.SYNC_GLOBAL_PUSH_LOCK = design === 'global lock' ? '1' : '0';
      const { total, finished, pulls } = await storm(n, [server.url]);
      const f = (x: number, d = 1) => x.toFixed(d).padStart(7);
      process.stdout.write(
        `${design.padEnd(12)} ${String(n).padStart(6)}  ${f(total)}   ${f(quantile(finished, 0.5))}     ${f(quantile(finished, 0.95))} ${f(Math.max(...finished))}   ${f((n * MUTATIONS) / total, 0)}       ${f(quantile(pulls, 0.5), 0)} / ${f(quantile(pulls, 0.99), 0)} / ${f(Math.max(...pulls), 0)}\n`,
      );
    }
  }
  process.stdout.write(`\n${INSTANCE_AGENTS} agents' storm, no global lock, through server processes on one database\n`);
  process.stdout.write('instances   total s   mutations/s\n');
  process.env.SYNC_GLOBAL_PUSH_LOCK = '0';
  for (const count of [1, 2]) {
    const instances = await Promise.all(Array.from({ length: count }, () => spawnSyncServer(databaseUrl)));
    try {
      const { total } = await storm(INSTANCE_AGENTS, instances.map((i) => i.url));
      process.stdout.write(`${String(count).padStart(9)}   ${total.toFixed(1).padStart(7)}   ${((INSTANCE_AGENTS * MUTATIONS) / total).toFixed(0).padStart(11)}\n`);
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }
  }
  await server.close();
  await db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
