import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { portIsFree } from '../core/profile/profile-ports';

/**
 * One core per profile (issue 16 A9): the host that serves a profile holds `workstation.lock`
 * in its folder. A second `npm start` on the same profile finds the running one there and
 * points the agent to it instead of opening a second core on the same files.
 */
export const LOCK_FILE = 'workstation.lock';

const LockHolder = z.object({
  pid: z.number().int().positive(),
  /** The desk's address without its one-time code, once the holder serves. */
  url: z.string().url().optional(),
  /** The browser window it opened: a host starting after this one died adopts a window still open. */
  browserPid: z.number().int().positive().optional(),
  since: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

export interface ProfileLock {
  /** Records where the desk is served (for a second start to print) and the window it opened. */
  serving(url: string, browserPid?: number): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

export type LockResult =
  /** `previous`: the lock a host that died left behind (its browser window may still be open). */
  | { readonly acquired: true; readonly lock: ProfileLock; readonly previous: LockHolder | null }
  | { readonly acquired: false; readonly holder: LockHolder };

/** Whether `pid` is a live process (EPERM: alive, another user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a lock left by `holder` still stands: its process is alive and, once it said where it
 * serves, that port is still taken (a pid reused by an unrelated process after a crash does not
 * keep the profile locked). Pure but for the two probes passed in.
 */
export async function lockStands(
  holder: LockHolder | null,
  ownPid: number,
  probes: { alive: (pid: number) => boolean; portFree: (port: number) => Promise<boolean> },
): Promise<boolean> {
  if (holder === null || holder.pid === ownPid || !probes.alive(holder.pid)) return false;
  if (holder.url === undefined) return true;
  const port = Number(new URL(holder.url).port);
  return !(await probes.portFree(port));
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Takes the profile's lock, or says who holds it. A lock whose holder died (SIGKILL, power cut:
 * nobody removed it) is taken over; the supervisor's restarted host does exactly that.
 */
export async function acquireProfileLock(dataDir: string, pid = process.pid, probes = { alive: pidAlive, portFree: portIsFree }): Promise<LockResult> {
  const file = path.join(dataDir, LOCK_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const mine: LockHolder = { pid, since: new Date().toISOString() };
  const rewrite = (holder: LockHolder) => {
    fs.writeFileSync(`${file}.${pid}`, JSON.stringify(holder) + '\n', { mode: 0o600 });
    fs.renameSync(`${file}.${pid}`, file);
  };
  let previous: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Written whole to a file of our own, then linked into place: link() fails if the lock
      // exists, and a reader never sees a half-written lock.
      const tmp = `${file}.${pid}`;
      fs.writeFileSync(tmp, JSON.stringify(mine) + '\n', { mode: 0o600 });
      try {
        fs.linkSync(tmp, file);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      const lock: ProfileLock = {
        serving: (url, browserPid) => {
          if (readHolder(file)?.pid === pid) rewrite({ ...mine, url, ...(browserPid ? { browserPid } : {}) });
        },
        release: () => {
          if (readHolder(file)?.pid === pid) fs.rmSync(file, { force: true });
        },
      };
      return { acquired: true, lock, previous };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && (await lockStands(holder, pid, probes))) return { acquired: false, holder };
    // Stale: its holder died. Remove it and try again.
    previous = holder;
    fs.rmSync(file, { force: true });
  }
  throw new Error(`The profile lock ${file} keeps changing: another workstation is starting on this profile.`);
}
