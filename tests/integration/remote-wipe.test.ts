/**
 * Remote wipe and call-safe session ends (issue 15 B2, and the follow-up that a session the
 * server ends must not drop a live call): a real workstation (one encrypted store per agent,
 * real files) with the real keyring, syncing with the real server on PostgreSQL.
 *
 * IT revokes the workstation while Anila is on a call. At the next contact the desk keeps her
 * on the call and says why and what it waits for; what she writes during the call and the
 * wrap-up still reaches the server (the final push a revoked device may make); once the
 * wrap-up is submitted her store folder and its keychain entries are deleted and the desk
 * signs out with the reason. Basit's store on the same workstation is untouched.
 *
 * A password reset under a live call (SESSION_EXPIRED) waits the same way, and wipes nothing.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Session } from '../../src/contract';
import type { CoreOptions } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { databaseKeyAccount } from '../../src/core/store/database-key';
import { syncTokenAccount } from '../../src/core/sync/session';
import { createKeytarVault } from '../../src/core/vault/keytar-vault';
import { agentStore, createWorkstation } from '../../src/core/workstation';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent, resetPassword } from '../../src/server/auth';
import { revokeDevice } from '../../src/server/devices';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { createTestDatabase } from '../support/sync-postgres';
import { tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
const ctx = { transport: 'in-process' } as const;
type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const value = <T>(r: Reply): T => {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const serverRows = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('remote-wipe'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['anila', 'basit', 'chand']) await createAgent(db, { username: u, displayName: u, password: `${u}-pw` });
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

async function openWorkstation() {
  const dataDir = tempDir('agent-wipe-');
  const options: CoreOptions = {
    dataDir,
    profile: `wipe-${randomUUID().slice(0, 8)}`,
    demo: false,
    vault: await createKeytarVault(),
    app: { name: 'Agent Workstation', version: '0.0.0-test', host: 'browser' },
    log: silentLogger,
    sync: { serverUrl: server.url },
  };
  const ws = await createWorkstation(options);
  const sessions: Session[] = [];
  const waiters: Array<{ test: (s: Session) => boolean; resolve: (s: Session) => void }> = [];
  ws.subscribe((name, payload) => {
    if (name !== 'session.changed') return;
    const s = payload as Session;
    sessions.push(s);
    for (const w of waiters.splice(0)) if (w.test(s)) w.resolve(s);
    else waiters.push(w);
  });
  const api = async <T = unknown>(method: string, input: unknown = {}) => value<T>(await ws.dispatch(method, input, ctx));
  /** The first session event from the `from`th on that passes `test`, awaited if none has yet. */
  const session = (test: (s: Session) => boolean, from = 0) =>
    new Promise<Session>((resolve) => {
      const seen = sessions.slice(from).find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return { ws, options, dataDir, api, sessions, session };
}

/**
 * Syncs until the agent's first sync is done and nothing is pending, as a desk does right after
 * sign-in: a first sync waits whole while a call is live (transfer-budget.ts), so a test that
 * wants the server heard during its call must have synced before it.
 */
async function syncedBeforeCalls(api: <T>(m: string, i?: unknown) => Promise<T>) {
  for (;;) {
    const s = await api<{ pending: number; lastError: unknown; lastSyncAt: string | null }>('sync.now');
    if (s.pending === 0 && s.lastError === null && s.lastSyncAt !== null) return;
  }
}

async function liveCall(api: <T>(m: string, i?: unknown) => Promise<T>, remoteNumber: string) {
  const callId = randomUUID();
  const base = { callId, direction: 'inbound', localNumber: '100', remoteNumber };
  await api('calls.logEvent', { ...base, event: 'ringing', at: new Date(Date.now() - 60_000).toISOString() });
  await api('calls.logEvent', { ...base, event: 'answered', at: new Date(Date.now() - 50_000).toISOString() });
  return { callId, hangUp: () => api('calls.logEvent', { ...base, event: 'ended', at: new Date().toISOString(), endCause: 'hangup' }) };
}

it('wipes a revoked workstation\'s store and key after the call, its wrap-up and a final push; another agent\'s store stays', async () => {
  const { ws, options, dataDir, api, sessions, session } = await openWorkstation();
  const basit = (await api<Session>('session.signIn', { username: 'basit', password: 'basit-pw' })).agent;
  await api('session.signOut');
  const anila = (await api<Session>('session.signIn', { username: 'anila', password: 'anila-pw' })).agent;
  if (!anila || !basit) throw new Error('sign-in failed');
  const anilaStore = agentStore(dataDir, options.profile, anila.id);
  const basitStore = agentStore(dataDir, options.profile, basit.id);
  expect(fs.existsSync(path.join(anilaStore.dir, 'workstation.db'))).toBe(true);
  await syncedBeforeCalls(api);

  const call = await liveCall(api, '+923001110021');
  const { deviceId } = JSON.parse(fs.readFileSync(path.join(dataDir, 'signed-in.json'), 'utf8')) as { deviceId: string };
  expect(await revokeDevice(db, deviceId)).toBe(1);
  const sinceRevoked = sessions.length;

  // Next contact: the server says DEVICE_REVOKED. Anila stays on her call and is told why.
  await api('sync.now');
  const ending = await session((s) => s.ending !== undefined);
  expect(ending.agent?.id).toBe(anila.id);
  expect(ending.ending).toMatchObject({ code: 'DEVICE_REVOKED', waitingFor: 'call' });
  expect((await api<Session>('session.get')).ending?.waitingFor).toBe('call');
  // Signing out (or in) now would skip the final push and the wipe: refused, with why.
  expect(await ws.dispatch('session.signOut', {}, ctx)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

  // She keeps working: a note on the live call, then the hang-up and the wrap-up.
  await api('notes.finalize', { target: { callId: call.callId }, body: 'Customer asked to close the account' });
  await call.hangUp();
  await session((s) => s.ending?.waitingFor === 'wrap-up');
  expect(sessions.slice(sinceRevoked).filter((s) => s.agent === null)).toEqual([]);
  expect(fs.existsSync(path.join(anilaStore.dir, 'workstation.db'))).toBe(true);
  await api('wrapup.complete', { callId: call.callId, disposition: 'resolved' });

  // Now the desk signs out, says why, and her data is gone from the laptop.
  const out = await session((s) => s.agent === null, sinceRevoked);
  expect(out.notice).toMatchObject({ code: 'DEVICE_REVOKED', wiped: true });
  expect((await api<Session>('session.get')).notice?.wiped).toBe(true);
  expect(fs.existsSync(anilaStore.dir)).toBe(false);
  expect(await options.vault.get(databaseKeyAccount(anilaStore.scope))).toBeNull();
  expect(await options.vault.get(syncTokenAccount(anilaStore.scope))).toBeNull();
  // What she wrote after the revocation reached the server before the wipe.
  expect(await serverRows('SELECT agent_id::text, body FROM notes WHERE call_id = $1', [call.callId])).toEqual([
    { agent_id: anila.id, body: 'Customer asked to close the account' },
  ]);
  expect(await serverRows('SELECT code FROM dispositions WHERE call_id = $1', [call.callId])).toEqual([{ code: 'resolved' }]);
  // Basit's store and key on the same workstation are untouched.
  expect(fs.existsSync(path.join(basitStore.dir, 'workstation.db'))).toBe(true);
  expect(await options.vault.get(databaseKeyAccount(basitStore.scope))).not.toBeNull();
  // A revoked device pulls nothing and signs in nowhere.
  expect(await ws.dispatch('session.signIn', { username: 'anila', password: 'anila-pw' }, ctx)).toMatchObject({ ok: false, error: { code: 'DEVICE_REVOKED' } });
  await ws.shutdown();
  await options.vault.delete(databaseKeyAccount(basitStore.scope));
});

it('with --no-final-push the revoked workstation pushes nothing more, and still wipes', async () => {
  const { ws, options, dataDir, api, session } = await openWorkstation();
  const chand = (await api<Session>('session.signIn', { username: 'chand', password: 'chand-pw' })).agent;
  if (!chand) throw new Error('sign-in failed');
  const store = agentStore(dataDir, options.profile, chand.id);
  const { deviceId } = JSON.parse(fs.readFileSync(path.join(dataDir, 'signed-in.json'), 'utf8')) as { deviceId: string };
  await revokeDevice(db, deviceId, { finalPushMs: 0 });
  const call = await liveCall(api, '+923001110022');
  await call.hangUp();
  await api('sync.now');
  await session((s) => s.ending?.waitingFor === 'wrap-up');
  await api('wrapup.complete', { callId: call.callId, disposition: 'resolved' });
  const out = await session((s) => s.agent === null);
  expect(out.notice).toMatchObject({ code: 'DEVICE_REVOKED', wiped: true });
  expect(fs.existsSync(store.dir)).toBe(false);
  expect(await options.vault.get(databaseKeyAccount(store.scope))).toBeNull();
  expect(await serverRows('SELECT 1 FROM calls WHERE id = $1', [call.callId])).toEqual([]);
  await ws.shutdown();
});

it('keeps the agent on a live call when the password is reset, signs out after the wrap-up, and wipes nothing', async () => {
  const { ws, options, dataDir, api, sessions, session } = await openWorkstation();
  const basit = (await api<Session>('session.signIn', { username: 'basit', password: 'basit-pw' })).agent;
  if (!basit) throw new Error('sign-in failed');
  const store = agentStore(dataDir, options.profile, basit.id);
  await syncedBeforeCalls(api);
  const call = await liveCall(api, '+923001110023');
  await resetPassword(db, 'basit', 'basit-pw');
  await api('sync.now');
  const ending = await session((s) => s.ending !== undefined);
  expect(ending).toMatchObject({ agent: { id: basit.id }, ending: { code: 'SESSION_EXPIRED', waitingFor: 'call' } });
  await call.hangUp();
  await session((s) => s.ending?.waitingFor === 'wrap-up');
  expect(sessions.filter((s) => s.agent === null)).toEqual([]);
  await api('wrapup.complete', { callId: call.callId, disposition: 'resolved' });
  const out = await session((s) => s.agent === null);
  expect(out.notice).toMatchObject({ code: 'SESSION_EXPIRED', wiped: false });
  // Not revoked: the store stays, encrypted, for Basit's next sign-in, which pushes the wrap-up.
  expect(fs.existsSync(path.join(store.dir, 'workstation.db'))).toBe(true);
  expect((await api<Session>('session.signIn', { username: 'basit', password: 'basit-pw' })).notice).toBeUndefined();
  for (;;) {
    const s = await api<{ pending: number; lastError: unknown }>('sync.now');
    if (s.pending === 0 && s.lastError === null) break;
  }
  expect(await serverRows('SELECT code FROM dispositions WHERE call_id = $1', [call.callId])).toEqual([{ code: 'resolved' }]);
  await api('session.signOut');
  await ws.shutdown();
  await options.vault.delete(databaseKeyAccount(store.scope));
});
