/**
 * Issue 16 A9 and A2's last case, with real processes and SIGKILL: one core per profile, and a
 * profile that comes back on the same address with the same page secret whoever starts it.
 * - A second `npm start` (its supervisor) on a profile that is open starts no second core: it
 *   says where the running desk is and exits; the running one keeps serving.
 * - The first `npm start` killed outright (supervisor and host, SIGKILL: nothing cleaned up),
 *   the next one takes over the stale lock and serves on the same port, and the session the
 *   open page holds still works there — the page finds its core by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { closed, openAgentSocket, redeemHostUrl, requestOver } from '../support/host-process';
import { tempDir } from '../support/test-core';

const root = path.resolve(__dirname, '../..');
const dataDir = tempDir('agent-one-core-');
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Supervisor {
  readonly child: ChildProcess;
  /** The first line starting with `prefix`, without the prefix. */
  line(prefix: string): Promise<string>;
  readonly exited: Promise<number | null>;
}

function startSupervisor(): Supervisor {
  const child = spawn(process.execPath, ['scripts/host-supervisor.mjs'], {
    cwd: root,
    env: { ...process.env, AGENT_DATA_DIR: dataDir, AGENT_NO_BROWSER: '1', AGENT_EMBEDDED_SYNC: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  child.stderr!.resume();
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  readline.createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (prefix: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const look = () => {
        const found = lines.find((l) => l.startsWith(prefix));
        if (found !== undefined) resolve(found.slice(prefix.length));
        else waiters.push(look);
      };
      look();
      void exited.then(() => {
        const found = lines.find((l) => l.startsWith(prefix));
        if (found === undefined) reject(new Error(`the supervisor exited without printing ${prefix}; it printed:\n${lines.join('\n')}`));
      });
    });
  return { child, line, exited };
}

let first: Supervisor;
let url = '';
let hostPid = 0;
let session: Awaited<ReturnType<typeof redeemHostUrl>>;

/**
 * Every file and folder under `dir` (itself included) with its permission bits. A file gone
 * between the listing and its stat is left out: the running host rewrites its lock through a
 * temporary file renamed into place (profile-lock.ts), which a listing can catch mid-way (CI,
 * 2026-12-02: ENOENT on workstation.lock.<pid>); the file it became is checked like any other.
 */
function modesUnder(dir: string): Array<{ file: string; mode: number }> {
  const found = [{ file: dir, mode: fs.statSync(dir).mode & 0o777 }];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat) found.push({ file, mode: stat.mode & 0o777 });
  }
  return found;
}

it('a second start on an open profile points to the running desk and starts no second core', async () => {
  // A profile folder an older version left readable by others is narrowed at start.
  fs.chmodSync(dataDir, 0o755);
  first = startSupervisor();
  url = await first.line('AGENT_HOST_URL=');
  hostPid = Number(await first.line('AGENT_HOST_PID='));
  // The store, its WAL, the logs, the key file: nobody but this user reads any of them.
  const modes = modesUnder(dataDir);
  expect(modes.map((m) => path.basename(m.file))).toContain('workstation.lock');
  expect(modes.filter((m) => (m.mode & 0o077) !== 0)).toEqual([]);
  session = await redeemHostUrl(url);

  const second = startSupervisor();
  const pointedTo = await second.line('AGENT_ALREADY_RUNNING=');
  expect(await second.exited).toBe(0);
  expect(new URL(pointedTo).port).toBe(new URL(url).port);
  // The running core was left alone and still answers.
  process.kill(hostPid, 0);
  const ws = await openAgentSocket(session);
  expect(await requestOver(ws, 1, 'presence.get', {})).toMatchObject({ ok: true });
  ws.close();

  // A browser with no session (the first one closed, or a machine with no display where the
  // printed address was the only way in) gets in through the address the second start printed,
  // once; the spent first address and a second use of this one are refused.
  expect((await fetch(url, { redirect: 'manual' })).status).toBe(403);
  const fresh = await redeemHostUrl(pointedTo);
  const back = await openAgentSocket(fresh);
  expect(await requestOver(back, 1, 'presence.get', {})).toMatchObject({ ok: true });
  back.close();
  expect((await fetch(pointedTo, { redirect: 'manual' })).status).toBe(403);
});

it('only a holder of the page secret gets a fresh address from the running desk', async () => {
  const mint = new URL('/host/one-time-code', url);
  expect((await fetch(mint, { method: 'POST' })).status).toBe(403);
  expect((await fetch(mint, { method: 'POST', headers: { authorization: 'Bearer not-the-secret-of-this-profile-at-all' } })).status).toBe(403);
  // A page holding the session cookie cannot mint one either: that needs the secret itself.
  expect((await fetch(mint, { method: 'POST', headers: { cookie: session.cookie, origin: session.origin } })).status).toBe(403);
});

it('the first start killed outright, the next serves on the same address and the session the open page holds works there', async () => {
  const ws = await openAgentSocket(session);
  const dropped = closed(ws);
  first.child.kill('SIGKILL');
  process.kill(hostPid, 'SIGKILL');
  await dropped;
  await first.exited;
  expect(fs.existsSync(path.join(dataDir, 'workstation.lock'))).toBe(true);

  const next = startSupervisor();
  const nextUrl = await next.line('AGENT_HOST_URL=');
  expect(new URL(nextUrl).port).toBe(new URL(url).port);
  const again = await openAgentSocket(session);
  expect(await requestOver(again, 2, 'presence.get', {})).toMatchObject({ ok: true });
  again.close();

  next.child.kill('SIGTERM');
  expect(await next.exited).toBe(0);
  expect(fs.existsSync(path.join(dataDir, 'workstation.lock'))).toBe(false);
});
