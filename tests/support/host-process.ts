import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import WebSocket from 'ws';

const root = path.resolve(__dirname, '../..');

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
 * Whether a host started with `env` runs the demo's embedded sync server (src/server/embedded.ts
 * `chooseSyncServer`), which answers some seconds after the desk is served.
 */
export function runsEmbeddedSyncServer(env: NodeJS.ProcessEnv): boolean {
  return (env.AGENT_PROFILE ?? 'demo') === 'demo' && !env.AGENT_SYNC_URL && env.AGENT_EMBEDDED_SYNC !== '0';
}

/**
 * Starts the real browser host (core + server) as `npm start` does, minus opening a browser.
 * Resolves once the desk is served and, for the demo profile, its embedded sync server answers
 * (AGENT_SYNC_SERVER_READY): tests start from the desk with its server up, as a second start is.
 */
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
  const waitForSync = runsEmbeddedSyncServer({ ...process.env, ...env });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    let served: string | null = null;
    let synced = !waitForSync;
    lines.on('line', (line) => {
      keep(line);
      if (line.startsWith('AGENT_HOST_URL=')) served = line.slice('AGENT_HOST_URL='.length);
      if (line.startsWith('AGENT_SYNC_SERVER_READY=')) synced = true;
      if (served !== null && synced) resolve(served);
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

/** The session a page gets by redeeming the one-time code in the host's address. */
export interface HostSession {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The Cookie header value carrying the session. */
  readonly cookie: string;
}

/** Redeems the code in `hostUrl` as the browser does, for the HttpOnly session cookie. */
export async function redeemHostUrl(hostUrl: string): Promise<HostSession> {
  const res = await fetch(hostUrl, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !setCookie) throw new Error(`the host did not redeem its code: ${res.status}`);
  return { origin: new URL(hostUrl).origin, cookie: setCookie.split(';')[0] ?? '' };
}

/**
 * An agent API socket with the session: as a tool (no Origin header), or as the page the host
 * served (its Origin), which alone may fetch the phone's credentials.
 */
export async function openAgentSocket(session: HostSession, as: 'tool' | 'page' = 'tool'): Promise<WebSocket> {
  const ws = new WebSocket(`${session.origin.replace('http', 'ws')}/agent`, {
    headers: { cookie: session.cookie, ...(as === 'page' ? { origin: session.origin } : {}) },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Sends one request frame and resolves with its response's result. */
export function requestOver(ws: WebSocket, id: number, method: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (frame.type !== 'response' || frame.id !== id) return;
      ws.off('message', onMessage);
      resolve(frame.result);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, method, input }));
  });
}

/** Resolves with the close code once the socket is closed. */
export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve(1006);
    else ws.once('close', (code) => resolve(code));
  });
}
