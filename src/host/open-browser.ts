import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];

export const hasDisplay = () => Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';

/** Opens the workstation in a Chromium app window (no tabs, no address bar) when one exists. */
export function openInChromiumApp(url: string): boolean {
  const browser = process.env.AGENT_BROWSER ?? CANDIDATES.find((c) => fs.existsSync(c));
  if (!browser || !hasDisplay()) return false;
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-workstation-browser-'));
  const child = spawn(
    browser,
    [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-sync', '--disable-component-update'],
    { stdio: 'ignore', detached: true },
  );
  child.on('error', () => undefined);
  child.unref();
  return true;
}
