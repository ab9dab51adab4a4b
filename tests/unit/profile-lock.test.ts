/**
 * One core per profile (src/host/profile-lock.ts): which leftover locks still stand, and taking
 * over one whose holder died. Real files; the liveness probes are passed in so a "live" holder
 * can be played without a second process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { LOCK_FILE, acquireProfileLock, lockStands } from '../../src/host/profile-lock';
import { choosePort, readProfilePorts, rememberProfilePort, PORTS_FILE } from '../../src/core/profile/profile-ports';
import { tempDir } from '../support/test-core';

const since = '2026-12-01T00:00:00.000Z';
const alive = (pids: number[]) => ({ alive: (pid: number) => pids.includes(pid), portFree: async () => false });

it('a lock stands only while its holder lives and, once serving, still holds its port', async () => {
  expect(await lockStands(null, 10, alive([20]))).toBe(false);
  expect(await lockStands({ pid: 20, since }, 10, alive([20]))).toBe(true);
  expect(await lockStands({ pid: 20, since }, 10, alive([]))).toBe(false);
  expect(await lockStands({ pid: 10, since }, 10, alive([10]))).toBe(false);
  // A pid reused by another program after a crash: nothing serves on the holder's port any more.
  expect(await lockStands({ pid: 20, since, url: 'http://127.0.0.1:45000/' }, 10, { alive: () => true, portFree: async () => true })).toBe(false);
});

it('takes over a lock its holder left behind, refuses one held, and releases only its own', async () => {
  const dir = tempDir('agent-lock-');
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, since, browserPid: 77 }));
  const took = await acquireProfileLock(dir, 1000, alive([]));
  expect(took).toMatchObject({ acquired: true, previous: { pid: 4242, browserPid: 77 } });
  if (!took.acquired) return;
  took.lock.serving('http://127.0.0.1:45001/', 88);

  const refused = await acquireProfileLock(dir, 2000, alive([1000]));
  expect(refused).toEqual({ acquired: false, holder: { pid: 1000, since: expect.any(String), url: 'http://127.0.0.1:45001/', browserPid: 88 } });

  took.lock.release();
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  // A damaged lock file counts as left behind.
  fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pid":');
  expect(await acquireProfileLock(dir, 3000, alive([]))).toMatchObject({ acquired: true, previous: null });
});

it('keeps a profile\'s ports between starts and ignores a damaged ports file', async () => {
  const dir = tempDir('agent-ports-');
  expect(readProfilePorts(dir)).toEqual({});
  const port = await choosePort(dir, 'host');
  rememberProfilePort(dir, 'host', port);
  rememberProfilePort(dir, 'syncServer', 45678);
  expect(readProfilePorts(dir)).toEqual({ host: port, syncServer: 45678 });
  expect(await choosePort(dir, 'host')).toBe(port);
  fs.writeFileSync(path.join(dir, PORTS_FILE), 'not json');
  expect(readProfilePorts(dir)).toEqual({});
});
