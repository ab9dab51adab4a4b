/**
 * The app window's browser profile (issue 15, A4): it lives inside the profile's data folder
 * (0700), the browser runs incognito so sessions, storage and cache stay in memory, and the
 * folder is gone after the host exits. The browser is Debian's real Chromium, run headless
 * because this machine has no display (the only difference from `npm start`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { browserProfileDir, chromiumArgs } from '../../src/host/open-browser';
import { startBrowserHost } from '../support/host-process';
import { tempDir } from '../support/test-core';

it('opens the window on a profile inside the data folder, and removes it on exit', async () => {
  const dataDir = tempDir('agent-browser-profile-');
  const headless = path.join(tempDir('agent-headless-'), 'chromium-headless.sh');
  fs.writeFileSync(headless, '#!/bin/sh\nexec /usr/bin/chromium --headless --no-sandbox "$@"\n', { mode: 0o755 });
  const host = await startBrowserHost(dataDir, { AGENT_NO_BROWSER: '', AGENT_BROWSER: headless, DISPLAY: ':0', AGENT_EMBEDDED_SYNC: '0' });
  try {
    await expect.poll(() => host.output.some((l) => l.includes('the page redeemed its one-time code')), { timeout: 20_000 }).toBe(true);
    const pid = Number(host.output.find((l) => l.startsWith('AGENT_BROWSER_PID='))?.split('=')[1]);
    const profileDir = browserProfileDir(dataDir);
    expect(path.dirname(profileDir)).toBe(dataDir);
    expect(fs.statSync(profileDir).mode & 0o777).toBe(0o700);
    // Chromium rewrites its argv into one string: look for the arguments in it.
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    expect(cmdline).toContain(' --incognito');
    expect(cmdline).toContain(`--user-data-dir=${profileDir}`);

    await host.stop();
    expect(fs.existsSync(profileDir)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
  } finally {
    await host.stop();
  }
});

it('never puts the session token on the command line, only the one-time code', () => {
  const args = chromiumArgs('http://127.0.0.1:4000/?code=abc', '/data/browser-profile');
  expect(args).toContain('--app=http://127.0.0.1:4000/?code=abc');
  expect(args.join(' ')).not.toContain('token');
});
