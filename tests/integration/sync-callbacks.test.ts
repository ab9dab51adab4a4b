/**
 * Callbacks closed on the workstation reach real PostgreSQL exactly once: the callback
 * scheduled at wrap-up, then marked done through the callbacks API, pushed, retried with the
 * same mutation id (answered as a duplicate, applied once), and refused for another agent.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Mutation, type AgentApi, type Result, type ServerAgent } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { push } from '../../src/server/push';
import { agentFor, inspectDemoStore } from '../support/store';
import { createTestDatabase } from '../support/sync-postgres';
import { demoCoreOptions, tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
let waqar: ServerAgent;
const cores: Core[] = [];

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('callbacks'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'shoaib', displayName: 'Shoaib Akhtar', password: 'express' });
  waqar = await createAgent(db, { username: 'waqar', displayName: 'Waqar Younis', password: 'yorker' });
});

afterAll(async () => {
  for (const c of cores) c.close();
  await server?.close();
  await db?.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function workstation(): Promise<{ core: Core; agent: AgentApi; dataDir: string }> {
  const dataDir = tempDir('agent-callbacks-');
  const core = await createCore(demoCoreOptions(dataDir, { sync: { serverUrl: server.url } }));
  cores.push(core);
  return { core, agent: agentFor(core).agent, dataDir };
}

const serverCallback = async (id: string) =>
  (await db.query<{ status: string; agent: string }>('SELECT status, agent_id::text AS agent FROM callbacks WHERE id = $1', [id])).rows[0];

it('marks a callback done once on the server, however often the push is retried', async () => {
  const { agent, dataDir } = await workstation();
  value(await agent.session.signIn({ username: 'shoaib', password: 'express' }));
  const contact = value(
    await agent.contacts.create({ fields: { firstName: 'Oliver', lastName: 'Hughes', timezone: 'Europe/London', phones: [{ label: 'work', number: '+442079460958' }] } }),
  );
  const callId = randomUUID();
  const base = { callId, direction: 'inbound' as const, localNumber: '1001', remoteNumber: '+442079460958' };
  value(await agent.calls.logEvent({ ...base, event: 'answered', at: new Date().toISOString() }));
  value(await agent.calls.logEvent({ ...base, event: 'ended', at: new Date().toISOString() }));
  const dueAt = new Date(Date.now() + 3_600_000).toISOString();
  const done = value(await agent.wrapup.complete({ callId, disposition: 'callback', callback: { dueAt, note: 'quote' } }));
  const callbackId = done.callbackId ?? '';
  expect(value(await agent.sync.now({}))).toMatchObject({ pending: 0, lastError: null });
  expect(await serverCallback(callbackId)).toMatchObject({ status: 'scheduled' });

  const [upcoming] = value(await agent.callbacks.upcoming({ limit: 5 }));
  expect(upcoming).toMatchObject({ id: callbackId, contactId: contact.id, contactName: 'Oliver Hughes', number: '+442079460958', timezone: 'Europe/London' });

  value(await agent.callbacks.markDone({ callbackId }));
  // The outbox row as it will be pushed: kept to send it again, as a client whose answer was lost would.
  const disk = await inspectDemoStore(dataDir);
  const row = disk.prepare<[], { mutation_id: string; payload: string }>("SELECT mutation_id, payload FROM outbox WHERE kind = 'callback.status'").get();
  const clientId = disk.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'sync.client_id'").get()?.value ?? '';
  disk.close();
  expect(row).toBeDefined();
  const mutation = Mutation.parse(JSON.parse(row?.payload ?? '{}'));
  expect(mutation).toMatchObject({ kind: 'callback.status', callbackId, status: 'done' });

  expect(value(await agent.sync.now({}))).toMatchObject({ pending: 0, lastError: null });
  expect(await serverCallback(callbackId)).toMatchObject({ status: 'done' });

  const agentId = (await serverCallback(callbackId))?.agent ?? '';
  const again = await push(db, agentId, { clientId, mutations: [{ mutationId: row?.mutation_id ?? '', mutation }] });
  expect(again).toEqual([{ mutationId: row?.mutation_id, status: 'duplicate' }]);
  const processed = await db.query('SELECT count(*)::int AS n FROM processed_mutations WHERE mutation_id = $1', [row?.mutation_id]);
  expect(processed.rows[0]).toEqual({ n: 1 });
  const versions = await db.query("SELECT count(*)::int AS n FROM change_log WHERE entity = 'callback' AND entity_id = $1", [callbackId]);
  expect(versions.rows[0]).toEqual({ n: 1 });

  // Another agent may not close it; cancelling a done callback is a conflict, not a silent change.
  const forbidden = await push(db, waqar.id, { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation: { ...mutation, status: 'cancelled' } }] });
  expect(forbidden).toMatchObject([{ status: 'rejected', error: { code: 'FORBIDDEN' } }]);
  const conflict = await push(db, agentId, { clientId, mutations: [{ mutationId: randomUUID(), mutation: { ...mutation, status: 'cancelled' } }] });
  expect(conflict).toMatchObject([{ status: 'rejected', error: { code: 'CONFLICT' } }]);
  expect(await serverCallback(callbackId)).toMatchObject({ status: 'done' });
  expect(value(await agent.callbacks.upcoming({ limit: 5 }))).toEqual([]);
});

it('a callback closed on one workstation is closed on the agent’s other one after a pull', async () => {
  const a = await workstation();
  const b = await workstation();
  value(await a.agent.session.signIn({ username: 'waqar', password: 'yorker' }));
  value(await b.agent.session.signIn({ username: 'waqar', password: 'yorker' }));
  value(await a.agent.contacts.create({ fields: { firstName: 'Ayaan', phones: [{ label: 'm', number: '+923335556677' }] } }));
  const callId = randomUUID();
  const base = { callId, direction: 'outbound' as const, localNumber: '1002', remoteNumber: '+923335556677' };
  value(await a.agent.calls.logEvent({ ...base, event: 'answered', at: new Date().toISOString() }));
  value(await a.agent.calls.logEvent({ ...base, event: 'ended', at: new Date().toISOString() }));
  const { callbackId } = value(
    await a.agent.wrapup.complete({ callId, disposition: 'callback', callback: { dueAt: new Date(Date.now() + 86_400_000).toISOString(), note: '' } }),
  );
  value(await a.agent.sync.now({}));
  value(await b.agent.sync.now({}));
  expect(value(await b.agent.callbacks.upcoming({ limit: 5 })).map((c) => c.id)).toEqual([callbackId]);

  value(await b.agent.callbacks.cancel({ callbackId: callbackId ?? '' }));
  value(await b.agent.sync.now({}));
  value(await a.agent.sync.now({}));
  expect(value(await a.agent.callbacks.upcoming({ limit: 5 }))).toEqual([]);
});
