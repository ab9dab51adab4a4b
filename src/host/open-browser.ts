import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];

export const hasDisplay = () => Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';

/** The app window's browser profile: inside the profile's data folder, never in a shared /tmp. */
export function browserProfileDir(dataDir: string): string {
  return path.join(dataDir, 'browser-profile');
}

/** A browser window the host opened (or adopted from the host it replaced after a crash). */
export interface BrowserWindow {
  readonly pid: number;
  readonly profileDir: string;
}

/**
 * The browser's arguments. Incognito keeps the session, the page's storage and the cache in
 * memory, so what the agent types never reaches the profile folder's session files; the
 * folder itself holds only the browser's own settings and is removed on exit.
 */
export function chromiumArgs(url: string, profileDir: string): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--incognito',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-sync',
    '--disable-component-update',
  ];
}

/** Opens the workstation in a Chromium app window (no tabs, no address bar) when one exists. */
export function openInChromiumApp(url: string, profileDir: string): BrowserWindow | null {
  const browser = process.env.AGENT_BROWSER ?? CANDIDATES.find((c) => fs.existsSync(c));
  if (!browser || !hasDisplay()) return null;
  // A folder left by a host that could not clean up (power cut) goes before a new window starts.
  fs.rmSync(profileDir, { recursive: true, force: true });
  fs.mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const child = spawn(browser, chromiumArgs(url, profileDir), { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
  return child.pid === undefined ? null : { pid: child.pid, profileDir };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is still the browser on `profileDir` (a pid can be reused once it exits). */
export function isOurBrowser(window: BrowserWindow): boolean {
  try {
    return fs.readFileSync(`/proc/${window.pid}/cmdline`, 'utf8').includes(`--user-data-dir=${window.profileDir}`);
  } catch {
    return process.platform !== 'linux' && isAlive(window.pid);
  }
}

/**
 * Closes the window and removes its profile folder. Waits up to `graceMs` for the browser to
 * exit so it does not write into a folder being removed; a browser that outlives the wait is
 * killed outright.
 */
export async function closeBrowserWindow(window: BrowserWindow, graceMs = 3000): Promise<void> {
  if (isOurBrowser(window)) {
    process.kill(window.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(window.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(window.pid)) process.kill(window.pid, 'SIGKILL');
  }
  fs.rmSync(window.profileDir, { recursive: true, force: true });
}
