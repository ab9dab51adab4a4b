/**
 * `npm start` to a usable desk (issue 16 A9), on the machine's real parts: scripts/start.mjs as
 * `npm start` runs it (no rebuild: out/ is current), the browser host with the demo profile and
 * its embedded PGlite sync server, and Chromium opening the address it prints.
 *
 * Per run: "Desk ready" as start.mjs prints it; the desk usable in Chromium (Presence selectable);
 * the demo sync server answering (the console's address printed); the host's RSS at both points.
 * Runs: a fresh profile (migrations and seed), a second start on it, and as the baseline from the
 * same run the desk without any sync server (AGENT_EMBEDDED_SYNC=0).
 *
 *   node --import tsx bench/start.bench.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';

const root = path.resolve(__dirname, '..');

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

interface Run {
  readonly label: string;
  readonly deskReadyPrinted: string;
  readonly deskUsableS: number;
  readonly hostRssAtDeskMb: number;
  readonly syncServerS: number | null;
  readonly hostRssAfterSyncMb: number | null;
}

async function run(label: string, xdg: string, env: Record<string, string>): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, XDG_DATA_HOME: xdg, AGENT_NO_BROWSER: '1', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let hostPid = 0;
  let deskReadyPrinted = '?';
  let onUrl: (url: string) => void = () => undefined;
  let onConsole: () => void = () => undefined;
  const url = new Promise<string>((resolve) => (onUrl = resolve));
  const consoleUp = new Promise<void>((resolve) => (onConsole = resolve));
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    const pid = /^AGENT_HOST_PID=(\d+)/.exec(l)?.[1];
    if (pid) hostPid = Number(pid);
    if (l.startsWith('AGENT_HOST_URL=')) onUrl(l.slice('AGENT_HOST_URL='.length));
    if (l.startsWith('Desk ready in')) deskReadyPrinted = l;
    if (l.startsWith('Supervisor console:')) onConsole();
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(await url);
    await page.getByRole('combobox', { name: 'Presence' }).waitFor({ state: 'visible', timeout: 120_000 });
    await page.waitForFunction(() => !(document.querySelector('select[aria-label="Presence"]') as HTMLSelectElement | null)?.disabled, undefined, { timeout: 120_000 });
    const deskUsableS = (performance.now() - t0) / 1000;
    const hostRssAtDeskMb = rssMb(hostPid);
    let syncServerS: number | null = null;
    let hostRssAfterSyncMb: number | null = null;
    if (env.AGENT_EMBEDDED_SYNC !== '0') {
      await consoleUp;
      syncServerS = (performance.now() - t0) / 1000;
      hostRssAfterSyncMb = rssMb(hostPid);
    }
    return { label, deskReadyPrinted, deskUsableS, hostRssAtDeskMb, syncServerS, hostRssAfterSyncMb };
  } finally {
    await browser.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-start-bench-'));
const baselineXdg = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-start-bench-base-'));
try {
  const runs = [
    await run('fresh demo profile', xdg, {}),
    await run('second npm start', xdg, {}),
    await run('third npm start', xdg, {}),
    await run('baseline: no sync server', baselineXdg, { AGENT_EMBEDDED_SYNC: '0' }),
  ];
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  for (const r of runs) {
    console.log(
      `${r.label.padEnd(26)} desk usable in Chromium ${r.deskUsableS.toFixed(1)} s (printed: "${r.deskReadyPrinted}"), host ${r.hostRssAtDeskMb} MB` +
        (r.syncServerS === null ? '' : `; demo sync server up at ${r.syncServerS.toFixed(1)} s, host ${r.hostRssAfterSyncMb} MB`),
    );
  }
} finally {
  fs.rmSync(xdg, { recursive: true, force: true });
  fs.rmSync(baselineXdg, { recursive: true, force: true });
}
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
