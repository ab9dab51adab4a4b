/**
 * Bad frames against the sync server process (src/server/main.ts on PostgreSQL): the poke
 * socket gets a text frame that is not UTF-8, an oversized frame, binary and JSON garbage, and
 * the HTTP edge gets broken JSON and a malformed request. The process stays up and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SignInResponse } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { rawHttpExchange } from '../support/raw-http';
import { spawnSyncServer } from '../support/sync-server-process';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: Awaited<ReturnType<typeof spawnSyncServer>>;
let token: string;

beforeAll(async () => {
  const url = await createTestDatabase('bad-frames');
  db = connectPostgres(url, silentLogger);
  await migrateServer(db);
  await createAgent(db, { username: 'zara', displayName: 'Zara', password: 'zara-pw' });
  server = await spawnSyncServer(url);
  const res = await fetch(`${server.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zara', password: 'zara-pw' }),
  });
  token = SignInResponse.parse(await res.json()).token;
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function openPoke(): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/poke`, { headers: { authorization: `Bearer ${token}` } });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  // The server greets every poke socket with a hello.
  await new Promise<void>((resolve) => ws.once('message', () => resolve()));
  return { ws, closed };
}

async function expectServerAnswers(): Promise<void> {
  expect(server.process.exitCode).toBeNull();
  expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  const { ws } = await openPoke();
  ws.close();
}

describe('the sync server survives bad frames', () => {
  it('a poke frame that is not valid UTF-8 closes that socket only', async () => {
    const { ws, closed } = await openPoke();
    ws.send(Buffer.from([0xc3, 0x28]), { binary: false });
    expect(await closed).toBe(1007);
    await expectServerAnswers();
  });

  it('an oversized poke frame closes that socket only', async () => {
    const { ws, closed } = await openPoke();
    ws.send('x'.repeat(1024 * 1024));
    // 1009 (Message Too Big) when the server's close frame arrives first; 1006 when the server's
    // kernel resets the connection because the rest of our megabyte lay unread in its buffer as
    // it closed (a TCP close with unread data sends RST, RFC 2525 §2.17) — both are the server
    // refusing the frame; seen as 1006 once in CI on a loaded machine.
    expect([1009, 1006]).toContain(await closed);
    await expectServerAnswers();
  });

  it('binary and garbage poke frames are ignored', async () => {
    const { ws, closed } = await openPoke();
    ws.send(Buffer.from([0, 255, 1]), { binary: true });
    ws.send('{{{ not json');
    ws.close();
    expect(await closed).toBe(1005);
    await expectServerAnswers();
  });

  it('broken JSON bodies and malformed HTTP get 400s', async () => {
    const res = await fetch(`${server.url}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": "zara", ' });
    expect(res.status).toBe(400);
    const reply = await rawHttpExchange(Number(new URL(server.url).port));
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await expectServerAnswers();
  });
});
