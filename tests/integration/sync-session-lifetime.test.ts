/**
 * Sync sessions end (issue 15 A5), on a real PostgreSQL, the real keyring and the admin CLI as
 * IT runs it: tokens have a sliding lifetime; a password reset ends the agent's tokens; a
 * revoked device gets DEVICE_REVOKED, goes back to sign-in and cannot sign in until restored;
 * a sign-out made offline reaches the server when the line returns.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInResponse } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { pendingSignOutsAccount, syncTokenAccount } from '../../src/core/sync/engine';
import { createKeytarVault } from '../../src/core/vault/keytar-vault';
import type { KeyVault } from '../../src/core/vault/key-vault';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { FaultProxy, seededRandom } from '../support/fault-proxy';
import { startSyncClient, syncStatusWhen, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

const DAY = 24 * 60 * 60 * 1000;
const root = path.resolve(__dirname, '../..');
let databaseUrl: string;
let db: SyncDb;
let server: SyncServer;
let vault: KeyVault;
let clockMs = Date.now();
const clients: SyncClient[] = [];
const closers: Array<() => Promise<unknown>> = [];

/** The admin CLI (src/server/main.ts) as IT runs it against this database. */
async function adminCli(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, AGENT_LOG_LEVEL: 'warn', ...env },
  });
  return stdout;
}

async function call(path: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fetch(server.url + path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}

const pullWith = (token: string) => call('/v1/pull?cursor=0', { token });

async function client(username: string, password: string, url = server.url): Promise<{ c: SyncClient; profile: string }> {
  const profile = `lifetime-${randomUUID()}`;
  const c = await startSyncClient(url, { vault, profile, poke: false });
  clients.push(c);
  closers.push(async () => {
    await vault.delete(syncTokenAccount(profile));
    await vault.delete(pendingSignOutsAccount(profile));
  });
  await c.engine.signIn(username, password);
  await c.engine.whenSynced();
  return { c, profile };
}


beforeAll(async () => {
  vault = await createKeytarVault();
  databaseUrl = await createTestDatabase('session-lifetime');
  db = connectPostgres(databaseUrl, silentLogger);
  server = await startSyncServer({ db, log: silentLogger, clock: () => clockMs, sessionLifetime: { idleMs: 7 * DAY, maxMs: 30 * DAY } });
  for (const u of ['rabia', 'saad', 'tahir', 'uzma']) await createAgent(db, { username: u, displayName: u, password: `${u}-pw` });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  for (const c of closers.reverse()) await c();
  await server?.close();
  await db?.close();
});

describe('sync sessions', () => {
  it('renew while used, and end after a week unused or a month in all', async () => {
    const start = clockMs;
    const signIn = async () => SignInResponse.parse((await call('/v1/auth/sign-in', { body: { username: 'rabia', password: 'rabia-pw' } })).body).token;
    const token = await signIn();
    for (const day of [6, 12, 18, 24]) {
      clockMs = start + day * DAY;
      expect((await pullWith(token)).status).toBe(200);
    }
    clockMs = start + 30 * DAY;
    expect((await pullWith(token)).body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });

    const idle = await signIn();
    clockMs += 7 * DAY;
    expect((await pullWith(idle)).body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
    clockMs = Date.now();
  });

  it('ends every token of an agent whose password IT resets', async () => {
    const { c, profile } = await client('saad', 'saad-pw');
    expect(await vault.get(syncTokenAccount(profile))).not.toBeNull();
    expect(await adminCli(['reset-password', 'saad'], { SYNC_AGENT_PASSWORD: 'saad-new-pw' })).toMatch(/password of saad changed; 1 session\(s\) ended/);
    const expired = syncStatusWhen(c, (s) => s.lastError?.code === 'SESSION_EXPIRED');
    void c.engine.syncNow();
    expect((await expired).lastError?.message).toMatch(/password was changed/);
    expect(c.engine.agent).toBeNull();
    expect(await vault.get(syncTokenAccount(profile))).toBeNull();
    await expect(c.engine.signIn('saad', 'saad-pw')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect((await c.engine.signIn('saad', 'saad-new-pw')).username).toBe('saad');
  });

  it('sends a revoked device back to sign-in with DEVICE_REVOKED, and refuses it until restored', async () => {
    const { c, profile } = await client('tahir', 'tahir-pw');
    const deviceId = c.db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'sync.client_id'").get()?.value ?? '';
    expect(await adminCli(['list-devices'])).toContain(`${deviceId}  tahir`);
    expect(await adminCli(['revoke-device', deviceId])).toMatch(/revoked; 1 session\(s\) ended/);
    const failed = syncStatusWhen(c, (s) => s.lastError?.code === 'DEVICE_REVOKED');
    void c.engine.syncNow();
    expect((await failed).lastError?.message).toMatch(/revoked/);
    expect(c.engine.agent).toBeNull();
    // The token is kept for the final push before the wipe (tests/integration/remote-wipe.test.ts), then forgotten.
    expect(await vault.get(syncTokenAccount(profile))).not.toBeNull();
    expect(await c.engine.pushBeforeWipe()).toBe(0);
    expect(await vault.get(syncTokenAccount(profile))).toBeNull();
    await expect(c.engine.signIn('tahir', 'tahir-pw')).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    expect(await adminCli(['restore-device', deviceId])).toMatch(/may sign in again/);
    expect((await c.engine.signIn('tahir', 'tahir-pw')).username).toBe('tahir');
  });

  it('sends a sign-out made offline when the line returns', async () => {
    const proxy = new FaultProxy({ host: '127.0.0.1', port: server.port }, seededRandom(15), { beforeServer: 0, afterServer: 0 });
    proxy.faults = false;
    const url = await proxy.listen();
    closers.push(() => proxy.close());
    const { c, profile } = await client('uzma', 'uzma-pw', url);
    const token = (await vault.get(syncTokenAccount(profile))) ?? '';
    expect(token).not.toBe('');

    proxy.down = true;
    c.environment.update({ network: 'offline' });
    expect(await c.engine.signOut()).toBe('pending');
    expect(c.engine.agent).toBeNull();
    expect(await vault.get(syncTokenAccount(profile))).toBeNull();
    expect(await c.engine.pendingSignOuts()).toBe(1);
    // The server has not heard: the token still works there.
    expect((await pullWith(token)).status).toBe(200);

    proxy.down = false;
    c.environment.update({ network: 'online' });
    await c.engine.sendPendingSignOuts();
    expect(await c.engine.pendingSignOuts()).toBe(0);
    expect(await vault.get(pendingSignOutsAccount(profile))).toBeNull();
    expect((await pullWith(token)).body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });
});
