/**
 * Two agents on one workstation (issue 15 A2), through the real browser host process with the
 * real keyring, syncing with the real server on PostgreSQL through a proxy that can cut the
 * line. Agent A works offline, signs out with changes pending; agent B signs in and sees none
 * of A's calls, notes or KPIs, and nothing of A's reaches the server under B's name; A signs in
 * again and A's pending changes are pushed as A. When IT then revokes the workstation, A's
 * store closes at its next contact with the server and the desk is signed out.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type CoreOptions } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { syncTokenAccount } from '../../src/core/sync/session';
import { createKeytarVault } from '../../src/core/vault/keytar-vault';
import { createWorkstation } from '../../src/core/workstation';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { revokeDevice } from '../../src/server/devices';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { FaultProxy, seededRandom } from '../support/fault-proxy';
import { openAgentSocket, redeemHostUrl, requestOver, startBrowserHost, type RunningHost } from '../support/host-process';
import { createTestDatabase } from '../support/sync-postgres';
import { tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
let proxy: FaultProxy;
let host: RunningHost;
let ws: WebSocket;
let requestId = 0;
const profile = `shared-${randomUUID().slice(0, 8)}`;

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
async function api<T = unknown>(method: string, input: unknown = {}): Promise<T> {
  const r = (await requestOver(ws, ++requestId, method, input)) as Reply;
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** One sync attempt after another until nothing is pending (each awaited, no sleeping). */
async function syncedOut(): Promise<{ pending: number }> {
  for (;;) {
    const status = await api<{ pending: number; lastError: { code: string } | null }>('sync.now');
    if (status.pending === 0 && status.lastError === null) return status;
  }
}

async function logCall(remoteNumber: string): Promise<string> {
  const callId = randomUUID();
  const base = { callId, direction: 'inbound', localNumber: '100', remoteNumber };
  await api('calls.logEvent', { ...base, event: 'ringing', at: new Date(Date.now() - 60_000).toISOString() });
  await api('calls.logEvent', { ...base, event: 'answered', at: new Date(Date.now() - 50_000).toISOString() });
  await api('calls.logEvent', { ...base, event: 'ended', at: new Date().toISOString(), endCause: 'hangup' });
  return callId;
}

const serverRows = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('shared-workstation'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['anila', 'basit']) await createAgent(db, { username: u, displayName: u, password: `${u}-pw` });
  proxy = new FaultProxy({ host: '127.0.0.1', port: server.port }, seededRandom(2), { beforeServer: 0, afterServer: 0 });
  proxy.faults = false;
  const url = await proxy.listen();
  host = await startBrowserHost(tempDir('agent-shared-'), { AGENT_PROFILE: profile, AGENT_SYNC_URL: url });
  ws = await openAgentSocket(await redeemHostUrl(host.url));
});

afterAll(async () => {
  ws?.close();
  await host?.stop();
  await proxy?.close();
  await server?.close();
  await db?.close();
});

it("keeps each agent's work to that agent, and pushes A's offline work as A", async () => {
  const signIn = (username: string) => api<{ agent: { id: string; username: string } | null }>('session.signIn', { username, password: `${username}-pw` });
  const anila = (await signIn('anila')).agent;
  expect(anila?.username).toBe('anila');
  const synced = await logCall('+923001110001');
  await syncedOut();

  // The line drops; Anila keeps working: a call and a private note on it stay pending.
  proxy.down = true;
  const offline = await logCall('+923001110002');
  await api('notes.finalize', { target: { callId: offline }, body: 'Anila: customer disputes the March bill' });
  expect((await api<{ pending: number }>('sync.status')).pending).toBeGreaterThan(0);
  const signedOut = await api<{ agent: unknown }>('session.signOut');
  expect(signedOut.agent).toBeNull();

  // Basit signs in on the same workstation, with the line back.
  proxy.down = false;
  const basit = (await signIn('basit')).agent;
  expect(basit?.username).toBe('basit');
  expect(await api<unknown[]>('calls.history', {})).toEqual([]);
  // Anila's call is not in Basit's call log at all, so neither are its notes.
  expect(await requestOver(ws, ++requestId, 'notes.list', { target: { callId: offline } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await api<{ inbound: number; answered: number }>('kpis.summary', {})).toMatchObject({ inbound: 0, answered: 0 });
  expect((await api<{ pending: number }>('sync.status')).pending).toBe(0);
  await logCall('+923001110003');
  await syncedOut();
  // Nothing of Anila's went to the server under Basit's name (or at all, while she is away).
  expect(await serverRows('SELECT agent_id::text FROM calls WHERE id = $1', [offline])).toEqual([]);
  expect(await serverRows('SELECT 1 FROM notes WHERE call_id = $1', [offline])).toEqual([]);
  expect(await serverRows('SELECT id::text FROM calls WHERE agent_id = $1', [basit?.id])).toHaveLength(1);
  // Anila's sign-out, made offline, reached the server once the line returned: only Basit's token lives.
  expect(await serverRows('SELECT agent_id::text FROM sessions WHERE revoked_at IS NULL', [])).toEqual([{ agent_id: basit?.id }]);

  // Anila signs in again: her store opens and her pending work is pushed as her.
  await api('session.signOut');
  expect((await signIn('anila')).agent?.id).toBe(anila?.id);
  expect((await api<Array<{ id: string }>>('calls.history', {})).map((c) => c.id).sort()).toEqual([synced, offline].sort());
  await syncedOut();
  expect(await serverRows('SELECT agent_id::text FROM calls WHERE id = $1', [offline])).toEqual([{ agent_id: anila?.id }]);
  expect(await serverRows('SELECT agent_id::text, body FROM notes WHERE call_id = $1', [offline])).toEqual([
    { agent_id: anila?.id, body: 'Anila: customer disputes the March bill' },
  ]);

  // Each agent's data is its own encrypted store under the profile.
  const agents = fs.readdirSync(path.join(host.dataDir, 'agents')).sort();
  expect(agents).toEqual([anila?.id, basit?.id].sort());

  // IT revokes the workstation: at its next contact — her calls wrapped up, since the desk never
  // signs out under open work (tests/integration/remote-wipe.test.ts) — Anila's store is wiped
  // and the desk is signed out.
  for (let open = await api<{ call: { id: string } } | null>('wrapup.current'); open !== null; open = await api('wrapup.current')) {
    await api('wrapup.complete', { callId: open.call.id, disposition: 'resolved' });
  }
  const { deviceId } = JSON.parse(fs.readFileSync(path.join(host.dataDir, 'signed-in.json'), 'utf8')) as { deviceId: string };
  expect(await revokeDevice(db, deviceId)).toBe(1);
  await api('sync.now');
  while ((await api<{ agent: unknown }>('session.get')).agent !== null) await api('sync.status');
  expect(await api<unknown[]>('calls.history', {})).toEqual([]);
  expect(fs.readdirSync(path.join(host.dataDir, 'agents'))).toEqual([basit?.id]);
  expect(await requestOver(ws, ++requestId, 'session.signIn', { username: 'anila', password: 'anila-pw' })).toMatchObject({
    ok: false,
    error: { code: 'DEVICE_REVOKED' },
  });
});

it("hands a profile's older single store, key and token to the agent who was signed in there, and opens signed out once her session ended", async () => {
  const dataDir = tempDir('agent-single-store-');
  const options: CoreOptions = {
    dataDir,
    profile: `single-${randomUUID().slice(0, 8)}`,
    demo: false,
    vault: await createKeytarVault(),
    app: { name: 'Agent Workstation', version: '0.0.0-test', host: 'browser' },
    log: silentLogger,
    sync: { serverUrl: server.url },
  };
  const ctx = { transport: 'in-process' } as const;
  const value = <T>(r: Reply): T => {
    if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  // The store as a workstation before this change kept it: one per profile.
  const single = await createCore(options);
  value(await single.dispatch('session.signIn', { username: 'basit', password: 'basit-pw' }, ctx));
  const callId = randomUUID();
  value(await single.dispatch('calls.logEvent', { callId, direction: 'outbound', localNumber: '100', remoteNumber: '+923001110009', event: 'ringing', at: new Date().toISOString() }, ctx));
  await single.shutdown();

  const workstation = await createWorkstation(options);
  const session = value<{ agent: { username: string; id: string } | null }>(await workstation.dispatch('session.get', {}, ctx));
  expect(session.agent?.username).toBe('basit');
  expect(value<Array<{ id: string }>>(await workstation.dispatch('calls.history', {}, ctx)).map((c) => c.id)).toEqual([callId]);
  expect(fs.existsSync(path.join(dataDir, 'workstation.db'))).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'agents', session.agent?.id ?? '', 'workstation.db'))).toBe(true);
  await workstation.shutdown();

  // Her session ends while the app is closed (the engine forgets an expired token): the next
  // start opens the signed-out desk, not her store.
  await options.vault.delete(syncTokenAccount(`${options.profile}/agent/${session.agent?.id ?? ''}`));
  const reopened = await createWorkstation(options);
  expect(value<{ agent: unknown }>(await reopened.dispatch('session.get', {}, ctx)).agent).toBeNull();
  expect(value<unknown[]>(await reopened.dispatch('calls.history', {}, ctx))).toEqual([]);
  await reopened.shutdown();
});
