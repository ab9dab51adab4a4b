/**
 * Pulls and sign-in do not wait behind pushes, and pokes reach only the agents a change
 * concerns, after its commit. A server on real PostgreSQL with one push connection: a push
 * held open mid-transaction (an uncommitted row its last insert must wait for) takes it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PokeMessage, PullResponse, PushResponse, SignInResponse, type Mutation } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { createTestDatabase } from '../support/sync-postgres';

let url: string;
let db: SyncDb;
let server: SyncServer;
const closers: Array<() => Promise<unknown>> = [];

async function call(path: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fetch(server.url + path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const signIn = async (username: string) => SignInResponse.parse((await call('/v1/auth/sign-in', { body: { username, password: 'pw-pw-pw-pw' } })).body);

const aCall = (): Mutation => ({
  kind: 'call.upsert', callId: randomUUID(), direction: 'inbound', localNumber: '100', remoteNumber: '+923001234567', contactId: null,
  startedAt: new Date().toISOString(), answeredAt: null, endedAt: null, endCause: null,
});

beforeAll(async () => {
  url = await createTestDatabase('isolation');
  db = connectPostgres(url, silentLogger, { pushPoolSize: 1, queryPoolSize: 2 });
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['hina', 'omar', 'zara']) await createAgent(db, { username: u, displayName: u, password: 'pw-pw-pw-pw' });
});

afterAll(async () => {
  for (const c of closers.reverse()) await c();
  await server?.close();
  await db?.close();
});

it('signs in and pulls while a push holds the only push connection', async () => {
  const hina = await signIn('hina');
  const clientId = randomUUID();
  const mutationId = randomUUID();
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  closers.push(() => blocker.end());
  await blocker.query('BEGIN');
  await blocker.query(`INSERT INTO processed_mutations (client_id, mutation_id, agent_id, kind, outcome) VALUES ($1, $2, $3, 'blocker', '{}')`, [clientId, mutationId, hina.agent.id]);
  const blockerPid = ((await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
  const held = call('/v1/push', { token: hina.token, body: { clientId, mutations: [{ mutationId, mutation: aCall() }] } });
  // Wait, asking PostgreSQL, until the push is inside its transaction and stuck there.
  for (;;) {
    const { rows } = await blocker.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [blockerPid]);
    if (rows.length > 0) break;
  }
  const omar = await signIn('omar');
  const pulled = await call('/v1/pull?cursor=0', { token: omar.token });
  expect(pulled.status).toBe(200);
  expect(PullResponse.parse(pulled.body).changes).toEqual([]);
  await blocker.query('ROLLBACK');
  const answered = await held;
  expect(answered.status).toBe(200);
  expect(PushResponse.parse(answered.body).outcomes).toEqual([{ mutationId, status: 'applied' }]);
});

it('pokes only the agent a private change concerns, and everyone for a shared one', async () => {
  const [omar, zara] = [await signIn('omar'), await signIn('zara')];
  const socketOf = async (token: string) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/poke`, { headers: { authorization: `Bearer ${token}` } });
    ws.on('error', () => undefined);
    closers.push(async () => ws.close());
    const messages: PokeMessage[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (data: Buffer) => {
      messages.push(PokeMessage.parse(JSON.parse(data.toString('utf8'))));
      waiters.splice(0).forEach((w) => w());
    });
    const next = async (): Promise<PokeMessage> => {
      while (messages.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      return messages.shift() as PokeMessage;
    };
    expect((await next()).type).toBe('hello');
    return next;
  };
  const omarPoke = await socketOf(omar.token);
  const zaraPoke = await socketOf(zara.token);
  const push = async (token: string, mutation: Mutation) => {
    const r = await call('/v1/push', { token, body: { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation }] } });
    expect(r.status).toBe(200);
  };
  // Omar's call is his alone: he is poked, Zara is not (her next poke is the shared change's).
  await push(omar.token, aCall());
  const privatePoke = await omarPoke();
  expect(privatePoke.type).toBe('poke');
  await push(zara.token, {
    kind: 'contact.create',
    contactId: randomUUID(),
    fields: { firstName: 'Sana', lastName: 'Iqbal', company: '', email: '', phones: [], timezone: 'Asia/Karachi', doNotCall: false },
  });
  const [toOmar, toZara] = [await omarPoke(), await zaraPoke()];
  expect(toOmar).toEqual(toZara);
  expect(toZara.version).toBeGreaterThan(privatePoke.version);
});
