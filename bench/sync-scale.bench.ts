/**
 * The power-cut storm (issue 12): N agents come back online at once and push their 8-hour
 * backlogs (BENCH_SCALE_MUTATIONS each, default 2,500: notes, calls and edits of a shared set of
 * contacts) in batches of 1,000, over HTTP to one server on real PostgreSQL, while an agent
 * already online pulls every 200 ms. Each N runs twice in the same process and database: with
 * the global push lock (SYNC_GLOBAL_PUSH_LOCK=1, the design before) and without it. Prints total
 * time, per-agent finish p50/p95/max, mutations/s, and the online agent's pull latency. Then
 * the storm of BENCH_SCALE_INSTANCE_AGENTS (default 50) agents against one and against two
 * server processes (src/server/main.ts) on the same database, agents split between them.
 * Then the day-to-day load (BENCH_DAILY_AGENTS, default 100 and 500 agents, each design): every
 * agent holds a poke socket and pushes a batch of 1–5 mutations (calls, and in one batch of five
 * an edit of a shared contact) every second for BENCH_DAILY_SECONDS (20); one agent in 25 (a
 * team's watcher) pulls whenever it is poked, as the workstation does. Prints push p50/p99 and
 * commit → poke → pull returns p50/p99: from a push's answer (which the server sends after the
 * commit) until a watcher's pull has returned that contact edit.
 * Server, PostgreSQL and load generator share this machine. Every measured part runs against
 * server processes of its own (src/server/main.ts, as production runs it), so the CPU each part
 * used can be told apart (bench/cpu-usage.ts): the machine's busy share of its cores, and the
 * CPU-seconds of the server process(es), of the database's PostgreSQL backends and of this
 * process (the load generator). Prints figures and load average only.
 *
 *   npm run bench
 *   BENCH_SCALE_AGENTS=10,50 BENCH_SCALE_MUTATIONS=1000 node --import tsx bench/sync-scale.bench.ts
 *   BENCH_SCALE_SCENARIOS=daily BENCH_DAILY_AGENTS=100 node --import tsx bench/sync-scale.bench.ts
 *
 * BENCH_SCALE_SCENARIOS picks parts (comma-separated: storm, instances, daily; default all);
 * BENCH_DAILY_DESIGNS the day-to-day part's designs ("global lock,parallel" by default).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { PokeMessage, PullResponse, PushResponse, SignInResponse, type Mutation } from '../src/contract';
import { silentLogger } from '../src/core/log';
import { createAgent } from '../src/server/auth';
import { startSyncServer } from '../src/server/app';
import { connectPostgres } from '../src/server/db';
import { seedSyntheticContacts } from '../src/server/seed';
import { createDatabase, prepareTestPostgres } from '../tests/setup/postgres';
import { spawnSyncServer } from '../tests/support/sync-server-process';
import { backendPids, startCpuMeter, type CpuUsage } from './cpu-usage';

const SCENARIOS = new Set((process.env.BENCH_SCALE_SCENARIOS ?? 'storm,instances,daily').split(','));
const AGENTS = SCENARIOS.has('storm') ? (process.env.BENCH_SCALE_AGENTS ?? '10,50,100,200').split(',').map(Number) : [];
const DAILY_AGENTS = SCENARIOS.has('daily') ? (process.env.BENCH_DAILY_AGENTS ?? '100,500').split(',').map(Number) : [];
const DESIGNS = new Set((process.env.BENCH_DAILY_DESIGNS ?? 'global lock,parallel').split(','));
const DAILY_SECONDS = Number(process.env.BENCH_DAILY_SECONDS ?? 20);
/** One watcher (an agent who pulls when poked and is timed) per this many agents: a team. */
const TEAM = 25;
const MUTATIONS = Number(process.env.BENCH_SCALE_MUTATIONS ?? 2_500);
const INSTANCE_AGENTS = Number(process.env.BENCH_SCALE_INSTANCE_AGENTS ?? 50);
const CONTACTS = 5_000;
const BATCH = 1_000;

/**
 * The online agent during a storm (plain JS, run as a worker thread): pulls a page of 100 every
 * 200 ms until told to stop, then posts each pull's milliseconds (request to parsed answer) and
 * the cursor it reached.
 */
const ONLINE_PULLER = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
let cursor = workerData.cursor;
const pulls = [];
parentPort.on('message', () => { running = false; });
(async () => {
  while (running) {
    const t = performance.now();
    const res = await fetch(workerData.base + '/v1/pull?cursor=' + encodeURIComponent(String(cursor)) + '&limit=100&cursors=snapshot', { headers: { authorization: 'Bearer ' + workerData.token } });
    if (!res.ok) throw new Error('pull: ' + res.status + ' ' + (await res.text()));
    const page = await res.json();
    pulls.push(performance.now() - t);
    cursor = page.cursor;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  parentPort.postMessage({ pulls, cursor });
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
/** "machine 97 % of 2 cores · CPU s server 12.1 + PostgreSQL 8.0 + bench 3.2 · 1,234 mutations per server+PostgreSQL CPU-s" */
const cpuColumns = (u: CpuUsage, mutations: number) =>
  `machine ${(u.machineBusy * 100).toFixed(0)} % of ${u.cores} cores · CPU s server ${u.serverS.toFixed(1)} + PostgreSQL ${u.postgresS.toFixed(1)} + bench ${u.benchS.toFixed(1)} · ${(mutations / (u.serverS + u.postgresS)).toFixed(0)} mutations per server+PostgreSQL CPU-s`;

async function main(): Promise<void> {
  const postgres = await prepareTestPostgres();
  const databaseUrl = await createDatabase(postgres, 'scale');
  const db = connectPostgres(databaseUrl, silentLogger);
  const database = new URL(databaseUrl).pathname.slice(1);
  // Setup only (sign-in, catching up); the measured parts run against server processes of their own.
  const server = await startSyncServer({ db, log: silentLogger });
  let target = server.url;
  /** Server processes for one measured part, with the CPU they, PostgreSQL and this process use meanwhile. */
  const serversFor = async (count: number, env: Record<string, string>) => {
    const instances = await Promise.all(Array.from({ length: count }, () => spawnSyncServer(databaseUrl, env)));
    const meter = await startCpuMeter(
      instances.flatMap((i) => (i.process.pid === undefined ? [] : [i.process.pid])),
      () => backendPids(db, database),
    );
    return {
      urls: instances.map((i) => i.url),
      stop: async () => {
        const usage = await meter.stop();
        await Promise.all(instances.map((i) => i.stop()));
        return usage;
      },
    };
  };
  await seedSyntheticContacts(db, CONTACTS, 'scale');
  const { rows } = await db.query<{ id: string }>('SELECT id::text FROM contacts');
  const contactIds = rows.map((r) => r.id);

  const call = async <T,>(path: string, parse: { parse(v: unknown): T }, init: { token?: string; body?: unknown; base?: string } = {}): Promise<T> => {
    const res = await fetch((init.base ?? target) + path, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return parse.parse(await res.json());
  };
  const signIn = async (username: string) => (await call('/v1/auth/sign-in', SignInResponse, { body: { username, password: 'bench-pw' } })).token;

  const most = Math.max(...AGENTS, ...DAILY_AGENTS, SCENARIOS.has('instances') ? INSTANCE_AGENTS : 0);
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
      const page: PullResponse = await call(`/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=1000&cursors=snapshot`, PullResponse, { token: online });
      cursor = page.cursor;
      if (!page.hasMore) return;
    }
  };

  /** n agents push their backlogs at once, agent i through bases[i % bases.length], while the online agent pulls. */
  const storm = async (n: number, bases: readonly string[]) => {
    const work = tokens.slice(0, n).map((token, agent) => ({ token, base: bases[agent % bases.length], clientId: randomUUID(), mutations: backlog(agent) }));
    await catchUp();
    // The online agent pulls from a thread of its own: on this one the load generator stringifies
    // hundreds of 1,000-mutation bodies at the storm's start, which timed here counted as pull
    // latency (a slowest pull of ~1 s per 100 agents, the global lock's too).
    const puller = new Worker(ONLINE_PULLER, { eval: true, workerData: { base: target, token: online, cursor } });
    const pulled = new Promise<{ pulls: number[]; cursor: string }>((resolve, reject) => {
      puller.once('message', (m: { pulls: number[]; cursor: string } | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
      puller.once('error', reject);
    });
    let retries = 0;
    const t0 = performance.now();
    const finished = await Promise.all(
      work.map(async (w) => {
        for (let i = 0; i < w.mutations.length; i += BATCH) {
          const mutations = w.mutations.slice(i, i + BATCH).map((mutation) => ({ mutationId: randomUUID(), mutation }));
          let outcomes: PushResponse['outcomes'] | null = null;
          while (outcomes === null) {
            try {
              ({ outcomes } = await call('/v1/push', PushResponse, { token: w.token, body: { clientId: w.clientId, mutations }, base: w.base }));
            } catch (err) {
              // 503: the push hit the server's statement timeout (with the global lock, waiting for it); the workstation retries the same mutations.
              if (!(err instanceof Error && err.message.includes(': 503 '))) throw err;
              retries += 1;
              await sleep(1_000);
            }
          }
          const refused = outcomes.find((o) => o.status === 'rejected');
          if (refused) throw new Error(`push refused: ${JSON.stringify(refused)}`);
        }
        return (performance.now() - t0) / 1000;
      }),
    );
    const total = (performance.now() - t0) / 1000;
    puller.postMessage('stop');
    const { pulls, cursor: reached } = await pulled;
    cursor = reached;
    await puller.terminate();
    return { total, finished, pulls, retries };
  };

  if (AGENTS.length > 0) {
    process.stdout.write(`power-cut storm: ${MUTATIONS} mutations per agent in batches of ${BATCH}, ${CONTACTS} shared contacts\n`);
    process.stdout.write('design       agents   total s   agent p50 s   p95 s   max s   mutations/s   online pull p50 / p99 / max ms   load 1/5/15 min\n');
  }
  for (const n of AGENTS) {
    for (const design of ['global lock', 'parallel'] as const) {
      const servers = await serversFor(1, { SYNC_GLOBAL_PUSH_LOCK: design === 'global lock' ? '1' : '0' });
      target = servers.urls[0] ?? server.url;
      const { total, finished, pulls, retries } = await storm(n, servers.urls);
      const usage = await servers.stop();
      target = server.url;
      const f = (x: number, d = 1) => x.toFixed(d).padStart(7);
      process.stdout.write(
        `${design.padEnd(12)} ${String(n).padStart(6)}  ${f(total)}   ${f(quantile(finished, 0.5))}     ${f(quantile(finished, 0.95))} ${f(Math.max(...finished))}   ${f((n * MUTATIONS) / total, 0)}       ${f(quantile(pulls, 0.5), 0)} / ${f(quantile(pulls, 0.99), 0)} / ${f(Math.max(...pulls), 0)}   ${load()}   ${cpuColumns(usage, n * MUTATIONS)}${retries > 0 ? `   (${retries} pushes answered 503 and retried)` : ''}\n`,
      );
    }
  }
  if (SCENARIOS.has('instances')) {
    process.stdout.write(`\n${INSTANCE_AGENTS} agents' storm, no global lock, through server processes on one database\n`);
    process.stdout.write('instances   total s   mutations/s   load 1/5/15 min   CPU\n');
  }
  for (const count of SCENARIOS.has('instances') ? [1, 2] : []) {
    const servers = await serversFor(count, { SYNC_GLOBAL_PUSH_LOCK: '0' });
    target = servers.urls[0] ?? server.url;
    let usage: CpuUsage | null = null;
    try {
      const { total } = await storm(INSTANCE_AGENTS, servers.urls);
      usage = await servers.stop();
      process.stdout.write(
        `${String(count).padStart(9)}   ${total.toFixed(1).padStart(7)}   ${((INSTANCE_AGENTS * MUTATIONS) / total).toFixed(0).padStart(11)}   ${load()}   ${cpuColumns(usage, INSTANCE_AGENTS * MUTATIONS)}\n`,
      );
    } finally {
      if (usage === null) await servers.stop();
      target = server.url;
    }
  }

  /**
   * The day-to-day load: n agents, each with a poke socket, push 1–5 mutations a second for
   * DAILY_SECONDS (one push in flight per agent, as the workstation's outbox); every TEAM-th
   * agent is a watcher that pulls when poked (pulling again while pokes arrive during a pull, and
   * after 1 s when a page is behind the horizon, as the workstation does). One batch in five edits
   * a shared contact, tagged so a watcher's pull can be matched to the push.
   */
  const daily = async (n: number) => {
    await catchUp();
    const wsBase = target.replace(/^http/, 'ws');
    const pushAnswered = new Map<string, number>();
    const pulledAt: Map<string, number>[] = [];
    const pushTimes: number[] = [];
    let pulls = 0;
    let mutationsApplied = 0;
    let running = true;
    const sockets: WebSocket[] = [];
    const watchers: Promise<void>[] = [];
    await Promise.all(
      tokens.slice(0, n).map(async (token, agent) => {
        const socket = new WebSocket(`${wsBase}/v1/poke`, { headers: { authorization: `Bearer ${token}` } });
        sockets.push(socket);
        socket.on('error', (err) => process.stderr.write(`poke socket ${agent}: ${err.message}\n`));
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        if (agent % TEAM !== 0) return;
        const seen = new Map<string, number>();
        pulledAt.push(seen);
        let watchCursor: string | number = cursor;
        let pulling: Promise<void> | null = null;
        let again = false;
        const pull = async (): Promise<void> => {
          for (;;) {
            again = false;
            const page: PullResponse = await call(`/v1/pull?cursor=${encodeURIComponent(String(watchCursor))}&limit=1000&cursors=snapshot`, PullResponse, { token });
            pulls += 1;
            const t = performance.now();
            watchCursor = page.cursor;
            for (const c of page.changes) {
              const tag = c.entity === 'contact' ? c.contact.fields.company : null;
              if (typeof tag === 'string' && tag.startsWith('daily ') && !seen.has(tag)) seen.set(tag, t);
            }
            if (page.behindHorizon) await sleep(1_000);
            else if (!page.hasMore && !again) return;
          }
        };
        socket.on('message', (data) => {
          const parsed = PokeMessage.safeParse(JSON.parse(String(data)));
          if (!parsed.success || parsed.data.type !== 'poke') return;
          if (pulling) {
            again = true;
            return;
          }
          pulling = pull().finally(() => {
            pulling = null;
          });
          watchers.push(pulling);
        });
      }),
    );
    const clientIds = tokens.slice(0, n).map(() => randomUUID());
    const t0 = performance.now();
    await Promise.all(
      tokens.slice(0, n).map(async (token, agent) => {
        await sleep(Math.random() * 1_000);
        for (let tick = 0; running; tick++) {
          const started = performance.now();
          const size = 1 + Math.floor(Math.random() * 5);
          const at = new Date().toISOString();
          const tag = tick % 5 === agent % 5 ? `daily ${randomUUID()}` : null;
          const mutations = Array.from({ length: size }, (_, i): { mutationId: string; mutation: Mutation } => {
            const contactId = contactIds[Math.floor(Math.random() * contactIds.length)] ?? '';
            const mutation: Mutation =
              i === 0 && tag !== null
                ? { kind: 'contact.update', contactId, changes: [{ field: 'company', value: tag, baseVersion: 1_000_000_000 }] }
                : { kind: 'call.upsert', callId: randomUUID(), direction: 'inbound', localNumber: '100', remoteNumber: '+923001234567', contactId, startedAt: at, answeredAt: at, endedAt: at, endCause: 'normal' };
            return { mutationId: randomUUID(), mutation };
          });
          const { outcomes } = await call('/v1/push', PushResponse, { token, body: { clientId: clientIds[agent], mutations } });
          const answered = performance.now();
          if (outcomes.some((o) => o.status === 'rejected')) throw new Error(`push refused: ${JSON.stringify(outcomes)}`);
          pushTimes.push(answered - started);
          mutationsApplied += size;
          if (tag !== null) pushAnswered.set(tag, answered);
          if (answered - t0 >= DAILY_SECONDS * 1_000) running = false;
          await sleep(Math.max(0, 1_000 - (answered - started)));
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    // Let the watchers' last pulls return before counting.
    await sleep(2_000);
    await Promise.all(watchers);
    for (const s of sockets) s.close();
    const reach: number[] = [];
    let missed = 0;
    for (const seen of pulledAt) {
      for (const [tag, answered] of pushAnswered) {
        const t = seen.get(tag);
        // An edit overwritten by a later one of the same contact before the watcher pulled is never served: not a sample.
        if (t === undefined) missed += 1;
        else reach.push(t - answered);
      }
    }
    return { pushTimes, reach, missed, pulls, rate: mutationsApplied / elapsed, mutations: mutationsApplied, watchers: pulledAt.length };
  };

  if (DAILY_AGENTS.length > 0) {
    process.stdout.write(`\nday-to-day: each agent pushes 1–5 mutations every second for ${DAILY_SECONDS} s, all with poke sockets, one watcher per ${TEAM} pulls when poked\n`);
    process.stdout.write('design       agents   mutations/s   push p50 / p99 ms   commit→poke→pull p50 / p99 ms   samples (unseen)   watcher pulls   load 1/5/15 min\n');
  }
  for (const n of DAILY_AGENTS) {
    for (const design of ['global lock', 'parallel'] as const) {
      if (!DESIGNS.has(design)) continue;
      const servers = await serversFor(1, { SYNC_GLOBAL_PUSH_LOCK: design === 'global lock' ? '1' : '0' });
      target = servers.urls[0] ?? server.url;
      const r = await daily(n);
      const usage = await servers.stop();
      target = server.url;
      const f = (x: number, d = 0) => x.toFixed(d).padStart(7);
      process.stdout.write(
        `${design.padEnd(12)} ${String(n).padStart(6)}   ${f(r.rate)}       ${f(quantile(r.pushTimes, 0.5))} / ${f(quantile(r.pushTimes, 0.99))}   ${f(quantile(r.reach, 0.5))} / ${f(quantile(r.reach, 0.99))}               ${String(r.reach.length).padStart(6)} (${r.missed})   ${String(r.pulls).padStart(8)}   ${load()}   ${cpuColumns(usage, r.mutations)}\n`,
      );
    }
  }
  await server.close();
  await db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
