import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test } from '@playwright/test';

const root = path.resolve(__dirname, '../../..');

export interface RunningHost {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** The host's last log lines (stdout and stderr), for a failed test's report. */
  readonly output: readonly string[];
  /** SIGTERM: the host closes the store and exits. */
  stop(): Promise<void>;
  /** SIGKILL: what a power cut looks like to the process. */
  kill(): Promise<void>;
}

/**
 * A fresh profile folder: inside the running test's output folder, which Playwright clears at
 * the start of every run (so repeated runs don't fill /tmp), or under /tmp outside a test.
 */
export function newDataDir(): string {
  let parent = os.tmpdir();
  try {
    parent = test.info().outputPath();
    fs.mkdirSync(parent, { recursive: true });
  } catch {
    // not inside a test (the phone bench): /tmp it is
  }
  return fs.mkdtempSync(path.join(parent, 'agent-e2e-'));
}

/** Starts the real browser host (core + server) as `npm start` does, minus opening a browser. */
export async function startBrowserHost(dataDir: string, env: Record<string, string> = {}): Promise<RunningHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/host/main.ts'], {
    cwd: root,
    env: { ...process.env, AGENT_DATA_DIR: dataDir, AGENT_NO_BROWSER: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 300) output.shift();
  };
  readline.createInterface({ input: child.stderr! }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      keep(line);
      if (line.startsWith('AGENT_HOST_URL=')) resolve(line.slice('AGENT_HOST_URL='.length));
    });
    child.once('exit', (code) => reject(new Error(`browser host exited (${code}) before serving:\n${output.join('\n')}`)));
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(signal);
    await exited;
  };
  return { url, dataDir, process: child, output, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
