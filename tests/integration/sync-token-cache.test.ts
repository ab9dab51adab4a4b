/**
 * The token check's session cache (issue 12: the push's fixed cost) still honours revocation:
 * a server trusting session rows for a minute refuses a signed-out token at once, and a token
 * that the admin CLI (revoke-device, reset-password) ended elsewhere as soon as its NOTIFY
 * arrives, long before the minute is over. Pushes and pulls of a live token keep working.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent, resetPassword } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { revokeDevice } from '../../src/server/devices';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
/** The admin CLI's own connection: its revocations reach the server only through the database. */
let cli: SyncDb;
let server: SyncServer;

beforeAll(async () => {
  const url = await createTestDatabase('token-cache');
  db = connectPostgres(url, silentLogger);
  cli = connectPostgres(url, silentLogger);
  server = await startSyncServer({ db, log: silentLogger, tokenCacheMs: 60_000 });
  for (const u of ['dania', 'emad', 'faiza']) await createAgent(db, { username: u, displayName: u, password: `${u}-pw` });
});

afterAll(async () => {
  await server?.close();
  await cli?.close();
  await db?.close();
});

const signIn = async (username: string, deviceId = randomUUID()) => {
  const res = await fetch(`${server.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}-pw`, deviceId }),
  });
  expect(res.status).toBe(200);
  return { token: ((await res.json()) as { token: string }).token, deviceId };
};
/** A pull's status and error code, as the workstation sees them. */
const pull = async (token: string) => {
  const res = await fetch(`${server.url}/v1/pull?cursor=0&limit=10`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code ?? null };
};
const push = async (token: string) => {
  const mutation = { kind: 'presence.set', state: 'available', reason: null, since: new Date().toISOString() };
  const res = await fetch(`${server.url}/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation }] }),
  });
  return res.status;
};

it('a live token keeps pushing and pulling from the cached session', async () => {
  const { token } = await signIn('dania');
  expect(await pull(token)).toEqual({ status: 200, code: null });
  expect(await push(token)).toBe(200);
  expect(await pull(token)).toEqual({ status: 200, code: null });
});

it('a token signed out on this server is refused at its next request', async () => {
  const { token } = await signIn('dania');
  expect(await pull(token)).toEqual({ status: 200, code: null });
  const out = await fetch(`${server.url}/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(out.status).toBe(204);
  expect(await pull(token)).toEqual({ status: 401, code: 'UNAUTHORIZED' });
});

it('revoke-device and reset-password from the admin CLI reach a cached token well within its minute', async () => {
  const revoked = await signIn('emad');
  const reset = await signIn('faiza');
  expect(await pull(revoked.token)).toEqual({ status: 200, code: null });
  expect(await pull(reset.token)).toEqual({ status: 200, code: null });

  expect(await revokeDevice(cli, revoked.deviceId)).toBe(1);
  await expect.poll(() => pull(revoked.token), { timeout: 10_000 }).toEqual({ status: 401, code: 'DEVICE_REVOKED' });

  expect(await resetPassword(cli, 'faiza', 'faiza-pw')).toBe(1);
  await expect.poll(() => pull(reset.token), { timeout: 10_000 }).toEqual({ status: 401, code: 'SESSION_EXPIRED' });
});
