import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { runsEmbeddedSyncServer } from '../../support/host-process';

const root = path.resolve(__dirname, '../../..');

/** `npm start`'s supervisor (scripts/host-supervisor.mjs) on a data folder, without a browser. */
export interface SupervisedHost {
  /** The address the first host printed (the one-time code in it works once). */
  readonly url: string;
  /** The address the newest host printed: a browser started after a power cut opens this one. */
  latestUrl(): string;
  /** The pid of the host serving now. */
  hostPid(): number;
  /** Resolves with the next host's pid once it serves again after `kill()`. */
  kill(): Promise<number>;
  /**
   * SIGKILLs the supervisor and its host together, as when the whole `npm start` is killed:
   * nothing restarts, nothing is cleaned up (the profile's lock stays behind).
   */
  killOutright(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `keyring`: the supervisor (and every host it restarts) runs in its own D-Bus session with an
 * unlocked gnome-keyring (scripts/with-keyring.sh), for a profile that keeps its keys in the OS
 * keychain where the test runner has none (the phone project's namespace); the keyring outlives
 * the hosts' power cuts, as the laptop's does. The supervisor then leads its own process group,
 * which stop() ends.
 */
export async function startSupervisedHost(dataDir: string, env: Record<string, string> = {}, options: { keyring?: boolean } = {}): Promise<SupervisedHost> {
  const command = options.keyring ? ['bash', 'scripts/with-keyring.sh', process.execPath, 'scripts/host-supervisor.mjs'] : [process.execPath, 'scripts/host-supervisor.mjs'];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: { ...process.env, AGENT_DATA_DIR: dataDir, AGENT_NO_BROWSER: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: options.keyring === true,
  });
  let pid = 0;
  let served: (() => void) | null = null;
  let url = '';
  let latest = '';
  const first = new Promise<void>((resolve, reject) => {
    served = resolve;
    child.once('exit', (code) => reject(new Error(`the supervisor exited (${code}) before its host served`)));
  });
  // The first host counts as up once its demo sync server answers too (as in startBrowserHost);
  // a restarted one as soon as it serves the page again.
  const waitForSync = runsEmbeddedSyncServer({ ...process.env, ...env });
  let synced = !waitForSync;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const p = /^AGENT_HOST_PID=(\d+)$/.exec(line)?.[1];
    if (p) pid = Number(p);
    if (line.startsWith('AGENT_SYNC_SERVER_READY=') && !synced) {
      synced = true;
      if (url) {
        served?.();
        served = null;
      }
    }
    if (line.startsWith('AGENT_HOST_URL=')) {
      const firstUrl = !url;
      latest = line.slice('AGENT_HOST_URL='.length);
      url ||= latest;
      if (!firstUrl || synced) {
        served?.();
        served = null;
      }
    }
  });
  await first;
  return {
    url,
    latestUrl: () => latest,
    hostPid: () => pid,
    kill: () => {
      const before = pid;
      const again = new Promise<number>((resolve) => (served = () => resolve(pid)));
      process.kill(before, 'SIGKILL');
      return again;
    },
    killOutright: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
        process.kill(pid, 'SIGKILL');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        if (options.keyring && child.pid) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      }),
  };
}
