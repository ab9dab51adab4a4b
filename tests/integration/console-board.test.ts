/**
 * The live board on real PostgreSQL (issue 13, item 2): a heartbeat on the agent's poke socket
 * reaches a supervisor's event stream, through LISTEN/NOTIFY, also when the agent and the
 * supervisor are on different server instances; a workstation that goes silent shows as Lagged
 * after the lag time; a supervisor's stream carries only their teams' agents; nothing of the
 * customer's number but its last 4 digits is stored.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BoardEvent, ConsoleMe, PokeMessage, SignInResponse, type BoardAgent, type HeartbeatInput } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { createConsoleAccount } from '../../src/server/console/console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from '../../src/server/console/teams';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { createTestDatabase } from '../support/sync-postgres';

const LAG_MS = 1500;
let dbA: SyncDb;
let dbB: SyncDb;
let a: SyncServer;
let b: SyncServer;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  const url = await createTestDatabase('console_board');
  dbA = connectPostgres(url, silentLogger);
  dbB = connectPostgres(url, silentLogger);
  a = await startSyncServer({ db: dbA, log: silentLogger, lagAfterMs: LAG_MS });
  b = await startSyncServer({ db: dbB, log: silentLogger, lagAfterMs: LAG_MS });
  for (const u of ['hina', 'zara']) await createAgent(dbA, { username: u, displayName: u, password: 'pw-pw-pw-pw' });
  await createTeam(dbA, { name: 'Inbound' });
  await createTeam(dbA, { name: 'Outbound' });
  await createConsoleAccount(dbA, { username: 'sana', displayName: 'Sana', password: 'lead-pw', role: 'supervisor' });
  await addAgentToTeam(dbA, 'Inbound', 'hina');
  await addAgentToTeam(dbA, 'Outbound', 'zara');
  await addSupervisorToTeam(dbA, 'Inbound', 'sana');
});

afterAll(async () => {
  for (const c of closers.reverse()) await c();
  await a?.close();
  await b?.close();
  await dbA?.close();
  await dbB?.close();
});

const beat = (over: Partial<HeartbeatInput> = {}): HeartbeatInput => ({
  type: 'heartbeat',
  presence: { state: 'Available', reason: null, since: new Date().toISOString() },
  registration: 'registered',
  call: null,
  power: 'battery',
  batteryPercent: 41,
  network: 'good',
  pendingMutations: 3,
  ...over,
});

/** An agent's poke socket on `server`, open, with the server's hello. */
async function agentSocket(server: SyncServer, username: string) {
  const res = await fetch(`${server.url}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'pw-pw-pw-pw' }) });
  const session = SignInResponse.parse(await res.json());
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/poke`, { headers: { authorization: `Bearer ${session.token}` } });
  closers.push(() => ws.terminate());
  const hello = await new Promise<PokeMessage>((resolve, reject) => {
    ws.once('message', (d) => resolve(PokeMessage.parse(JSON.parse(String(d)))));
    ws.once('error', reject);
  });
  return { ws, hello, agentId: session.agent.id, token: session.token, send: (b: HeartbeatInput) => ws.send(JSON.stringify(b)) };
}

/** A supervisor's board stream on `server`: every agent update, and a way to await one. */
async function boardStream(server: SyncServer) {
  const signIn = await fetch(`${server.url}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"sana","password":"lead-pw"}' });
  ConsoleMe.parse(await signIn.json());
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const controller = new AbortController();
  closers.push(() => controller.abort());
  const res = await fetch(`${server.url}/console/api/board/events`, { headers: { cookie }, signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const seen: BoardAgent[] = [];
  /** 'heard' events: agent id → last heard, in arrival order. */
  const heard: Array<Record<string, string>> = [];
  /** 'kpis' events: the teams whose KPIs changed. */
  const kpis: string[][] = [];
  const waiting: { wake: (() => void) | null } = { wake: null };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          const event = data ? BoardEvent.parse(JSON.parse(data.slice(6))) : null;
          if (event?.type === 'agents') seen.push(...event.agents);
          if (event?.type === 'heard') heard.push(event.heard);
          if (event?.type === 'kpis') kpis.push(event.teamIds);
          waiting.wake?.();
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return {
    seen,
    heard,
    kpis,
    /** Resolves once `check` holds (checked on every event). */
    when: async (check: () => boolean): Promise<void> => {
      while (!check()) await new Promise<void>((r) => (waiting.wake = r));
    },
    /** Resolves with the first update (already seen or coming) that matches. */
    until: async (match: (a: BoardAgent) => boolean): Promise<BoardAgent> => {
      for (;;) {
        const found = seen.find(match);
        if (found) return found;
        await new Promise<void>((r) => (waiting.wake = r));
      }
    },
  };
}

it('a heartbeat through one instance reaches a supervisor watching through the other', async () => {
  const board = await boardStream(b);
  const hina = await agentSocket(a, 'hina');
  expect(hina.hello).toMatchObject({ type: 'hello', heartbeatMs: 1000 });
  hina.send(beat({ presence: { state: 'Break', reason: 'Prayer', since: new Date().toISOString() } }));
  const shown = await board.until((x) => x.username === 'hina' && x.state === 'Break');
  expect(shown.beat).toMatchObject({ registration: 'registered', power: 'battery', batteryPercent: 41, pendingMutations: 3, presence: { reason: 'Prayer' } });
  const call = { direction: 'inbound' as const, numberLast4: '4567', startedAt: new Date().toISOString(), answeredAt: new Date().toISOString(), campaignId: 'renewals' };
  hina.send(beat({ call }));
  expect((await board.until((x) => x.username === 'hina' && x.state === 'On call')).beat?.call).toEqual(call);
});

it('a silent workstation shows as Lagged after the lag time, and comes back when heard', async () => {
  const board = await boardStream(a);
  const hina = await agentSocket(b, 'hina');
  hina.send(beat());
  await board.until((x) => x.username === 'hina' && x.state === 'Available');
  hina.ws.terminate(); // the power died: no close, no more beats
  const lagged = await board.until((x) => x.username === 'hina' && x.state === 'Lagged');
  expect(Date.parse(lagged.stateSince ?? '')).toBe(Date.parse(lagged.heardAt ?? ''));
  const back = await agentSocket(a, 'hina');
  back.send(beat());
  const index = board.seen.length;
  await board.until((x) => board.seen.indexOf(x) >= index && x.username === 'hina' && x.state === 'Available');
});

it('a supervisor never gets another team’s agents, and a beat that is not one is ignored', async () => {
  const board = await boardStream(a);
  const zara = await agentSocket(a, 'zara');
  zara.send(beat({ presence: { state: 'Lunch', reason: null, since: new Date().toISOString() } }));
  // A malformed beat (a full number where 4 digits go) is dropped, not stored.
  zara.ws.send(JSON.stringify(beat({ call: { direction: 'inbound', numberLast4: '+923001234567', startedAt: new Date().toISOString(), answeredAt: null, campaignId: null } })));
  const hina = await agentSocket(a, 'hina');
  hina.send(beat({ presence: { state: 'Training', reason: null, since: new Date().toISOString() } }));
  await board.until((x) => x.username === 'hina' && x.state === 'Training');
  expect(board.seen.some((x) => x.username === 'zara')).toBe(false);
  const stored = await dbA.query<{ beat: unknown }>(`SELECT s.beat FROM agent_status s JOIN agents a ON a.id = s.agent_id WHERE a.username = 'zara'`);
  expect(JSON.stringify(stored.rows)).not.toContain('1234567');
});

it('a workstation beating the same state through one instance stays live on the other: heard times, not rewrites, and never Lagged', async () => {
  const board = await boardStream(b);
  const hina = await agentSocket(a, 'hina');
  const steady = beat({ presence: { state: 'Meeting', reason: 'Huddle', since: new Date().toISOString() } });
  hina.send(steady);
  await board.until((x) => x.username === 'hina' && x.state === 'Meeting');
  const from = board.seen.length;
  // The workstation's own rhythm: the same beat again and again (here 5 a second, the lag is 1.5 s).
  const beating = setInterval(() => hina.send(steady), 200);
  try {
    const heardTimes = () => board.heard.map((h) => h[hina.agentId]).filter((t): t is string => t !== undefined).map(Date.parse);
    // Until the board has been told of heard times spanning three lag times.
    await board.when(() => {
      const t = heardTimes();
      return t.length > 0 && (t.at(-1) ?? 0) - (t[0] ?? 0) > 3 * LAG_MS;
    });
  } finally {
    clearInterval(beating);
  }
  // Nothing on the board changed: no agent row was sent again, so hina was never Lagged in between.
  expect(board.seen.slice(from).filter((x) => x.username === 'hina')).toEqual([]);
});

it("a call pushed through one instance tells the other's console that its team's KPIs changed", async () => {
  const board = await boardStream(b);
  const hina = await agentSocket(a, 'hina');
  const res = await fetch(`${a.url}/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hina.token}` },
    body: JSON.stringify({
      clientId: randomUUID(),
      mutations: [
        {
          mutationId: randomUUID(),
          mutation: { kind: 'call.upsert', callId: randomUUID(), direction: 'inbound', localNumber: '100', remoteNumber: '+923001234567', contactId: null, startedAt: new Date().toISOString(), answeredAt: null, endedAt: null, endCause: null },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const inbound = await dbA.query<{ id: string }>(`SELECT id::text FROM teams WHERE name = 'Inbound'`);
  await board.when(() => board.kpis.some((ids) => ids.includes(inbound.rows[0]?.id ?? '-')));
});
