/**
 * The supervisor console's access rules on real PostgreSQL (issue 13, item 1): supervisors sign
 * in with a cookie that scripts cannot read and other sites cannot send; an agent's bearer token
 * opens no console route (403); a supervisor sees only their teams' agents, an admin every team.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSnapshot, ConsoleMe, SignInResponse } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { runConsoleCommand } from '../../src/server/console/console-cli';
import { createConsoleAccount } from '../../src/server/console/console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from '../../src/server/console/teams';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: SyncServer;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('console_access'), silentLogger);
  const consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-page-'));
  fs.mkdirSync(path.join(consoleDir, 'assets'));
  fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>Team console</title>');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'app.js'), 'void 0;');
  server = await startSyncServer({ db, log: silentLogger, consoleDir });
  for (const u of ['hina', 'omar', 'zara']) await createAgent(db, { username: u, displayName: u.toUpperCase(), password: 'pw-pw-pw-pw' });
  await createTeam(db, { name: 'Inbound' });
  await createTeam(db, { name: 'Outbound', timeZone: 'Asia/Karachi', clientTimeZone: 'Europe/London' });
  await createConsoleAccount(db, { username: 'sana', displayName: 'Sana', password: 'lead-pw', role: 'supervisor' });
  await createConsoleAccount(db, { username: 'root', displayName: 'Admin', password: 'admin-pw', role: 'admin' });
  await addAgentToTeam(db, 'Inbound', 'hina');
  await addAgentToTeam(db, 'Inbound', 'omar');
  await addAgentToTeam(db, 'Outbound', 'zara');
  await addSupervisorToTeam(db, 'Inbound', 'sana');
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

async function consoleSignIn(username: string, password: string) {
  const res = await fetch(`${server.url}/console/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, setCookie: res.headers.get('set-cookie'), body: (await res.json()) as unknown };
}

const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0] ?? '';

const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

describe('console sign-in', () => {
  it('sets an HttpOnly SameSite=Strict cookie scoped to /console, and names the teams led', async () => {
    const r = await consoleSignIn('sana', 'lead-pw');
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^aw_console=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const me = ConsoleMe.parse(r.body);
    expect(me.account).toMatchObject({ username: 'sana', role: 'supervisor' });
    expect(me.teams.map((t) => t.name)).toEqual(['Inbound']);
    expect(me.teams[0]).toMatchObject({ timeZone: 'Asia/Karachi', clientTimeZone: 'America/New_York' });
  });

  it('refuses a wrong password and an agent’s password', async () => {
    expect((await consoleSignIn('sana', 'nope')).status).toBe(401);
    expect((await consoleSignIn('hina', 'pw-pw-pw-pw')).status).toBe(401);
  });

  it('ends the session on sign-out', async () => {
    const cookie = cookieOf((await consoleSignIn('sana', 'lead-pw')).setCookie);
    expect((await get('/console/api/me', { cookie })).status).toBe(200);
    const out = await fetch(`${server.url}/console/api/sign-out`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get('/console/api/me', { cookie })).status).toBe(401);
  });
});

describe('the console page', () => {
  it('is served under /console/ with a strict CSP; unknown paths are the page, api paths are not', async () => {
    const page = await get('/console/', {});
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(await page.text()).toContain('Team console');
    expect((await get('/console/assets/app.js', {})).headers.get('content-type')).toContain('javascript');
    expect(await (await get('/console/board', {})).text()).toContain('Team console');
    expect((await get('/console/api/nothing', {})).status).toBe(404);
    expect((await get('/console/..%2f..%2fpackage.json', {})).status).not.toBe(500);
    const redirect = await fetch(`${server.url}/console`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/console/');
  });
});

describe('agent tokens open nothing of the console', () => {
  it('answers 403 on every console route, the page included', async () => {
    const agent = SignInResponse.parse(
      await (await fetch(`${server.url}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hina', password: 'pw-pw-pw-pw' }) })).json(),
    );
    const authorization = `Bearer ${agent.token}`;
    for (const path of ['/console/', '/console/api/me', '/console/api/board', '/console/api/board/events']) {
      const res = await get(path, { authorization });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    const signIn = await fetch(`${server.url}/console/api/sign-in`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"username":"sana","password":"lead-pw"}' });
    expect(signIn.status).toBe(403);
  });

  it('a console cookie is no agent session', async () => {
    const cookie = cookieOf((await consoleSignIn('sana', 'lead-pw')).setCookie);
    expect((await get('/v1/pull', { cookie })).status).toBe(401);
  });

  it('without a session, console data is 401', async () => {
    expect((await get('/console/api/board', {})).status).toBe(401);
  });
});

describe('a supervisor sees only their teams', () => {
  it('the board lists the supervisor’s team’s agents and nobody else', async () => {
    const cookie = cookieOf((await consoleSignIn('sana', 'lead-pw')).setCookie);
    const board = BoardSnapshot.parse(await (await get('/console/api/board', { cookie })).json());
    expect(board.agents.map((a) => a.username).sort()).toEqual(['hina', 'omar']);
    expect(board.agents.every((a) => a.state === 'Offline' && a.beat === null)).toBe(true);
  });

  it('an admin sees every team', async () => {
    const cookie = cookieOf((await consoleSignIn('root', 'admin-pw')).setCookie);
    const board = BoardSnapshot.parse(await (await get('/console/api/board', { cookie })).json());
    expect(board.agents.map((a) => a.username).sort()).toEqual(['hina', 'omar', 'zara']);
  });
});

describe('admin CLI', () => {
  it('adds a supervisor, a team and their members; refuses unknown names and bad time zones', async () => {
    const env = { SYNC_SUPERVISOR_PASSWORD: 'cli-pw' };
    expect(await runConsoleCommand(db, 'add-supervisor', ['imran', 'Imran', 'Ali'], env)).toMatch(/^supervisor imran \(/);
    expect(await runConsoleCommand(db, 'add-team', ['UK retention', 'Asia/Karachi', 'Europe/London'], env)).toMatch(/client in Europe\/London$/);
    expect(await runConsoleCommand(db, 'team-add-agent', ['UK retention', 'zara'], env)).toBe('zara is in team UK retention');
    expect(await runConsoleCommand(db, 'team-add-supervisor', ['UK retention', 'imran'], env)).toBe('imran is in team UK retention');
    await expect(runConsoleCommand(db, 'team-add-agent', ['No such team', 'zara'], env)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runConsoleCommand(db, 'team-add-agent', ['UK retention', 'nobody'], env)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runConsoleCommand(db, 'add-team', ['Bad', 'Mars/Olympus'], env)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(runConsoleCommand(db, 'add-supervisor', ['nopw'], {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await runConsoleCommand(db, 'serve', [], env)).toBeNull();
    const cookie = cookieOf((await consoleSignIn('imran', 'cli-pw')).setCookie);
    const board = BoardSnapshot.parse(await (await get('/console/api/board', { cookie })).json());
    expect(board.agents.map((a) => a.username)).toEqual(['zara']);
  });
});
