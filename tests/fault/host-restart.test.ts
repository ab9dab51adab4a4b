/**
 * `npm start`'s supervisor (scripts/host-supervisor.mjs): a host killed with SIGKILL is started
 * again on the same port with the same session, so the open page's socket reconnects to a live
 * core instead of a dead page. SIGTERM to the supervisor stops it and its host for good.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { closed, openAgentSocket, redeemHostUrl, requestOver } from '../support/host-process';
import { tempDir } from '../support/test-core';
// @ts-expect-error plain ES module without types
import { MAX_RESTARTS, shouldRestart } from '../../scripts/host-supervisor.mjs';

const root = path.resolve(__dirname, '../..');
const supervisor = spawn(process.execPath, ['scripts/host-supervisor.mjs'], {
  cwd: root,
  env: { ...process.env, AGENT_DATA_DIR: tempDir('agent-restart-'), AGENT_NO_BROWSER: '1', AGENT_EMBEDDED_SYNC: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const lines: string[] = [];
const waiters: Array<{ prefix: string; after: number; resolve: (v: string) => void }> = [];
readline.createInterface({ input: supervisor.stdout! }).on('line', (line) => {
  lines.push(line);
  for (const w of [...waiters]) {
    if (line.startsWith(w.prefix) && lines.length > w.after) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line.slice(w.prefix.length));
    }
  }
});
supervisor.stderr!.resume();

/** The next line starting with `prefix` printed after line number `after`. */
function nextLine(prefix: string, after: number): Promise<string> {
  const seen = lines.slice(after).find((l) => l.startsWith(prefix));
  if (seen !== undefined) return Promise.resolve(seen.slice(prefix.length));
  return new Promise((resolve) => waiters.push({ prefix, after, resolve }));
}

afterAll(() => {
  if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
});

it('restarts a host killed with SIGKILL on the same address, and the page session still works', async () => {
  const firstPid = Number(await nextLine('AGENT_HOST_PID=', 0));
  const url = await nextLine('AGENT_HOST_URL=', 0);
  const session = await redeemHostUrl(url);
  const ws = await openAgentSocket(session);
  expect(await requestOver(ws, 1, 'presence.get', {})).toMatchObject({ ok: true });

  const mark = lines.length;
  const dropped = closed(ws);
  process.kill(firstPid, 'SIGKILL');
  await dropped;

  const secondPid = Number(await nextLine('AGENT_HOST_PID=', mark));
  expect(secondPid).not.toBe(firstPid);
  const secondUrl = await nextLine('AGENT_HOST_URL=', mark);
  expect(new URL(secondUrl).port).toBe(new URL(url).port);
  // The page reconnects with what it already had: the same address and session cookie.
  const again = await openAgentSocket(session);
  expect(await requestOver(again, 2, 'presence.get', {})).toMatchObject({ ok: true });
  again.close();

  const exited = new Promise<number | null>((resolve) => supervisor.once('exit', (code) => resolve(code)));
  supervisor.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(() => process.kill(secondPid, 0)).toThrow();
});

it('stops restarting on a clean exit, a refusal to start, or a crash loop', () => {
  const crash = { stopping: false, served: true, code: null, signal: 'SIGKILL', recentRestarts: 0 };
  expect(shouldRestart(crash)).toBe(true);
  expect(shouldRestart({ ...crash, code: 1, signal: null })).toBe(true);
  expect(shouldRestart({ ...crash, stopping: true })).toBe(false);
  expect(shouldRestart({ ...crash, served: false })).toBe(false);
  expect(shouldRestart({ ...crash, code: 0, signal: null })).toBe(false);
  expect(shouldRestart({ ...crash, recentRestarts: MAX_RESTARTS })).toBe(false);
});
