/**
 * The team view at call-center scale (issue 13, item 6): BENCH_TEAM_AGENTS (default 1,000)
 * simulated workstations, each with its poke socket open, heartbeating every 5 s and pushing a
 * call's worth of mutations (the call's three steps, its presence changes, a disposition and a
 * note) once a minute, against server processes (src/server/main.ts) on real PostgreSQL, while a
 * supervisor's console follows the whole floor's board over SSE. For BENCH_TEAM_SECONDS (60):
 * push latency p50/p99, heartbeat → board update p50/p99 (send on the agent's socket until the
 * console's stream shows that beat), and the server processes' RSS. Three runs in the same
 * database: the baseline (pushes only, no heartbeats, one instance), the full load on one
 * instance, and on two instances (agents split, the console on the first). Prints figures only.
 *
 *   npm run bench
 *   BENCH_TEAM_AGENTS=200 BENCH_TEAM_SECONDS=20 node --import tsx bench/team-view.bench.ts
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BoardEvent, ConsoleMe, PushResponse, type HeartbeatInput, type Mutation } from '../src/contract';
import { silentLogger } from '../src/core/log';
import { createAgent } from '../src/server/auth';
import { createConsoleAccount } from '../src/server/console/console-accounts';
import { addSupervisorToTeam, createTeam } from '../src/server/console/teams';
import { connectPostgres } from '../src/server/db';
import { migrateServer } from '../src/server/migrations';
import { createDatabase, prepareTestPostgres } from '../tests/setup/postgres';
import { spawnSyncServer } from '../tests/support/sync-server-process';

const AGENTS = Number(process.env.BENCH_TEAM_AGENTS ?? 1000);
const SECONDS = Number(process.env.BENCH_TEAM_SECONDS ?? 60);
/**
 * BENCH_TEAM_STEADY=1: a floor at work, where most beats repeat the last (only one in 6 changes
 * something the board shows, about every 30 s); beat→board is measured on the changed ones.
 * Unset: every beat changes (the worst case: every beat written and announced).
 */
const STEADY = process.env.BENCH_TEAM_STEADY === '1';
const BEAT_MS = 5000;

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const rssMb = (pid: number | undefined) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : NaN;
};

async function main(): Promise<void> {
  const postgres = await prepareTestPostgres();
  const databaseUrl = await createDatabase(postgres, 'team_view');
  const db = connectPostgres(databaseUrl, silentLogger, 4);
  await migrateServer(db);
  // One argon2 hash, copied: 1,000 sign-ins would measure argon2, not the board.
  const first = await createAgent(db, { username: 'floor0', displayName: 'Floor 0', password: 'bench-pw' });
  await db.query(
    `INSERT INTO agents (id, username, display_name, password_hash)
     SELECT gen_random_uuid(), 'floor' || g, 'Floor ' || g, (SELECT password_hash FROM agents WHERE id = $1) FROM generate_series(1, $2::int - 1) g`,
    [first.id, AGENTS],
  );
  const team = await createTeam(db, { name: 'Floor' });
  await db.query('INSERT INTO team_agents (team_id, agent_id) SELECT $1, id FROM agents', [team.id]);
  await createConsoleAccount(db, { username: 'lead', displayName: 'Lead', password: 'lead-pw', role: 'supervisor' });
  await addSupervisorToTeam(db, 'Floor', 'lead');
  const { rows } = await db.query<{ id: string }>('SELECT id::text FROM agents ORDER BY username');
  const agents = rows.map((r) => ({ id: r.id, token: randomBytes(32).toString('base64url') }));
  await db.query('INSERT INTO sessions (token_hash, agent_id) SELECT decode(x->>0, $2), (x->>1)::uuid FROM jsonb_array_elements($1::jsonb) x', [
    JSON.stringify(agents.map((a) => [createHash('sha256').update(a.token).digest('hex'), a.id])),
    'hex',
  ]);

  /** One run: agents split over `count` server processes; beats on or off. */
  const run = async (label: string, count: number, beats: boolean) => {
    const servers = await Promise.all(Array.from({ length: count }, () => spawnSyncServer(databaseUrl, { CONSOLE_LAG_AFTER_MS: '20000', SYNC_QUERY_POOL_SIZE: '8', SYNC_PUSH_POOL_SIZE: '8' })));
    const sockets: WebSocket[] = [];
    const controller = new AbortController();
    try {
      // The supervisor's console on the first instance.
      const signIn = await fetch(`${servers[0]!.url}/console/api/sign-in`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"lead","password":"lead-pw"}',
      });
      ConsoleMe.parse(await signIn.json());
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const sent = new Map<string, number>();
      const boardMs: number[] = [];
      const stream = await fetch(`${servers[0]!.url}/console/api/board/events`, { headers: { cookie }, signal: controller.signal });
      void (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for await (const chunk of stream.body as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const line = buffer.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
              buffer = buffer.slice(end + 2);
              if (!line) continue;
              const event = BoardEvent.parse(JSON.parse(line.slice(6)));
              if (event.type !== 'agents') continue;
              const now = performance.now();
              for (const a of event.agents) {
                const key = `${a.agentId}:${a.beat?.pendingMutations}`;
                const at = sent.get(key);
                if (at !== undefined) {
                  boardMs.push(now - at);
                  sent.delete(key);
                }
              }
            }
          }
        } catch {
          // aborted at the end of the run
        }
      })();

      // Every workstation's poke socket.
      await Promise.all(
        agents.map(async (a, i) => {
          const ws = new WebSocket(`${servers[i % count]!.url.replace('http', 'ws')}/v1/poke`, { headers: { authorization: `Bearer ${a.token}` } });
          sockets.push(ws);
          await new Promise<void>((resolve, reject) => {
            ws.once('message', () => resolve());
            ws.once('error', reject);
          });
        }),
      );

      const pushMs: number[] = [];
      const errors: string[] = [];
      let seq = 0;
      const t0 = performance.now();
      const end = t0 + SECONDS * 1000;
      const timers: NodeJS.Timeout[] = [];
      const calls: Array<Promise<void>> = [];
      agents.forEach((a, i) => {
        const ws = sockets[i]!;
        const base = servers[i % count]!.url;
        const since = new Date().toISOString();
        let beatCount = 0;
        let shown = 0;
        const beat = (): HeartbeatInput & { changed: boolean } => {
          const changed = !STEADY || beatCount++ % 6 === 0;
          if (changed) shown = ++seq;
          return {
            type: 'heartbeat', presence: { state: 'Available', reason: null, since }, registration: 'registered', call: null,
            power: 'ac', batteryPercent: null, network: 'good', pendingMutations: shown, changed,
          };
        };
        if (beats) {
          // Staggered over the interval, as real workstations are.
          timers.push(setTimeout(() => {
            const send = () => {
              if (performance.now() > end || ws.readyState !== ws.OPEN) return;
              const { changed, ...b } = beat();
              if (changed) sent.set(`${a.id}:${b.pendingMutations}`, performance.now());
              ws.send(JSON.stringify(b));
            };
            send();
            timers.push(setInterval(send, BEAT_MS));
          }, (i * BEAT_MS) / agents.length));
        }
        // One call's worth a minute, at a random moment of it.
        const aCall = async () => {
          const callId = randomUUID();
          const at = new Date().toISOString();
          const callStep = (answeredAt: string | null, endedAt: string | null): Mutation => ({
            kind: 'call.upsert', callId, direction: 'inbound', localNumber: '7001', remoteNumber: '+13125550100', contactId: null,
            startedAt: at, answeredAt, endedAt, endCause: endedAt ? 'normal' : null, holdSeconds: 0,
          });
          const mutations: Mutation[] = [
            callStep(null, null), { kind: 'presence.set', state: 'Busy', reason: null, since: at }, callStep(at, null), callStep(at, at),
            { kind: 'presence.set', state: 'Wrap-up', reason: null, since: at }, { kind: 'note.append', noteId: randomUUID(), callId, contactId: null, body: 'Asked about the bill.', createdAt: at },
            { kind: 'disposition.set', callId, code: 'RESOLVED', createdAt: at }, { kind: 'presence.set', state: 'Available', reason: null, since: at },
          ];
          // As the outbox sends them: a few pushes as the call goes.
          const clientId = randomUUID();
          for (const part of [mutations.slice(0, 2), mutations.slice(2, 3), mutations.slice(3, 5), mutations.slice(5)]) {
            const t = performance.now();
            const res = await fetch(`${base}/v1/push`, {
              method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
              body: JSON.stringify({ clientId, mutations: part.map((mutation) => ({ mutationId: randomUUID(), mutation })) }),
            });
            pushMs.push(performance.now() - t);
            const body = PushResponse.safeParse(await res.json());
            const refused = body.success ? body.data.outcomes.find((o) => o.status === 'rejected') : undefined;
            if (!res.ok || refused) errors.push(`${res.status} ${JSON.stringify(refused ?? '')}`);
          }
        };
        timers.push(setTimeout(() => calls.push(aCall().catch((err: unknown) => void errors.push(String(err)))), Math.random() * Math.min(60, SECONDS) * 1000));
      });
      const rss: number[] = [];
      while (performance.now() < end + 2000) {
        await new Promise((r) => setTimeout(r, 1000));
        rss.push(servers.reduce((sum, s) => sum + rssMb(s.process.pid), 0));
      }
      for (const t of timers) clearTimeout(t);
      // Every call started finishes its pushes before the servers stop (their latency counts).
      await Promise.all(calls);
      const f = (x: number) => x.toFixed(0).padStart(6);
      process.stdout.write(
        `${label.padEnd(30)} ${f(pushMs.length)} ${f(quantile(pushMs, 0.5))} ${f(quantile(pushMs, 0.99))}   ${beats ? `${f(boardMs.length)} ${f(quantile(boardMs, 0.5))} ${f(quantile(boardMs, 0.99))}` : '     —      —      —'}   ${f(Math.max(...rss))}${errors.length ? `   ${errors.length} push errors, e.g. ${errors[0]}` : ''}\n`,
      );
    } finally {
      controller.abort();
      for (const s of sockets) s.terminate();
      await Promise.all(servers.map((s) => s.stop()));
    }
  };

  process.stdout.write(`${AGENTS} agents for ${SECONDS} s: heartbeat every ${BEAT_MS / 1000} s, one call's worth of pushes (8 mutations in 4 pushes) a minute; a console follows the board\n`);
  process.stdout.write('run                            pushes  p50ms  p99ms    beats→board  p50ms  p99ms   peak server RSS MB\n');
  await run('baseline: pushes only, 1 inst', 1, false);
  await run('board: 1 instance', 1, true);
  await run('board: 2 instances', 2, true);
  await db.close();
  await postgres.teardown();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
