import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { CoreOptions } from '../core/core';
import type { Logger } from '../core/log';
import type { AdminPolicyView } from '../contract';
import { choosePort, rememberProfilePort } from '../core/profile/profile-ports';
import type { SyncServer } from './app';
import { DEMO_AGENT } from './demo-accounts';
import { serverMigrations } from './migrations';

export interface EmbeddedSyncServer {
  readonly server: SyncServer;
  readonly credentials: { readonly username: string; readonly password: string };
  close(): Promise<void>;
}

/**
 * Bump when seedDemo writes something new that the demo files (resources/demo) do not show: a
 * server whose seed stamp differs is seeded again (seeding is idempotent: a duplicate push).
 */
export const DEMO_SEED_REVISION = 1;

/** Beside the PGlite folder: the stamp of the seed that folder holds (see demoSeedStamp). */
const SEED_STAMP_FILE = 'sync-server.seed-stamp';

/**
 * What a seeded server holds, as one hash: the demo files, the server's latest migration and
 * DEMO_SEED_REVISION. Equal stamps mean seeding again would change nothing.
 */
export function demoSeedStamp(resourcesDir: string): string {
  const hash = createHash('sha256').update(`revision ${DEMO_SEED_REVISION}; migration ${serverMigrations.at(-1)?.version ?? 0}\n`);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(`${path.relative(resourcesDir, file)}\n`).update(fs.readFileSync(file));
    }
  };
  if (fs.existsSync(resourcesDir)) walk(resourcesDir);
  return hash.digest('hex');
}

/**
 * The demo profile's sync server: the real server code on PGlite (PostgreSQL compiled to
 * WebAssembly, in this process), so `npm start` needs no database. Its data lives under the
 * demo profile's folder and survives restarts; it is seeded only when the demo data changed
 * (seed stamp), so a second start neither re-migrates nor re-seeds. Production and tests use
 * real PostgreSQL.
 *
 * Measured (issue 16 A9, 2-core machine under load): importing PGlite and the server ≈2.3 s,
 * opening the PGlite folder ≈2.4 s, migrations check ≈1.5 s, re-seeding ≈1.9 s; ≈450 MB RSS.
 */
export async function startEmbeddedSyncServer(options: { dataDir: string; log: Logger; resourcesDir?: string; port?: number }): Promise<EmbeddedSyncServer> {
  // Loaded only here: a real profile (Electron main included) never pays for the server's
  // framework, driver and WebAssembly PostgreSQL at start-up.
  const [{ PGlite }, { startSyncServer }, { wrapPglite }, { seedDemo }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./app'),
    import('./db'),
    import('./seed'),
  ]);
  const dir = path.join(options.dataDir, 'sync-server');
  const existed = fs.existsSync(path.join(dir, 'PG_VERSION'));
  fs.mkdirSync(dir, { recursive: true });
  const db = wrapPglite(await PGlite.create(dir));
  const lag = Number(process.env.CONSOLE_LAG_AFTER_MS);
  const server = await startSyncServer({
    db,
    log: options.log,
    loopbackOnly: true,
    port: options.port,
    lagAfterMs: Number.isInteger(lag) && lag >= 1000 ? lag : undefined,
  });
  const resourcesDir = options.resourcesDir ?? path.resolve(__dirname, '../../resources/demo');
  const stamp = demoSeedStamp(resourcesDir);
  const stampFile = path.join(options.dataDir, SEED_STAMP_FILE);
  const seeded = existed && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === stamp;
  if (!seeded) {
    await seedDemo(db, resourcesDir);
    fs.writeFileSync(stampFile, stamp + '\n', { mode: 0o600 });
  }
  return {
    server,
    credentials: { username: DEMO_AGENT.username, password: DEMO_AGENT.password },
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

/** What the worker (embedded-worker.ts) is started with. */
export const EmbeddedWorkerInit = z.object({ dataDir: z.string(), resourcesDir: z.string().optional(), port: z.number().int().min(0).max(65535) });
/** To the worker: stop the server and close PGlite. */
export const ToEmbeddedWorker = z.object({ type: z.literal('close') });
/** From the worker: `log` lines are the worker logger's JSON lines, re-logged by the host. */
export const FromEmbeddedWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), port: z.number().int() }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('closed') }),
  z.object({ type: z.literal('log'), line: z.string() }),
]);
export type FromEmbeddedWorker = z.infer<typeof FromEmbeddedWorker>;

const LogLine = z.looseObject({ level: z.enum(['debug', 'info', 'warn', 'error']), msg: z.string() });

/**
 * Where the worker's entry is: beside this module under tsx (the browser host, tests), and
 * beside main's bundle in the Electron build (scripts/build.mjs writes out/main/sync-server-worker.js).
 */
export function embeddedWorkerEntry(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'embedded-worker.ts') : path.join(__dirname, 'sync-server-worker.js');
}

/**
 * The demo's embedded sync server, started after the desk (`start()`) in a worker thread: its
 * address is fixed before it runs (the port it had last time, kept in the profile's ports.json)
 * so the core is configured with it at once and syncs as soon as it answers
 * (`CoreOptions.sync.ready`).
 */
export interface LazyEmbeddedSyncServer {
  /** Where it answers once started, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** The supervisor console's address on it. */
  readonly consoleUrl: string;
  /** Starts it (once; later calls return the same promise); resolves when it answers. */
  start(): Promise<void>;
  /**
   * Stops it if it was started. A start still under way is cut short at once (its `start()`
   * then rejects with EmbeddedServerStopped), so stopping the workstation never waits for it.
   */
  close(): Promise<void>;
}

/** `start()` was cut short by `close()` (or the worker ended) before the server answered. */
export class EmbeddedServerStopped extends Error {
  readonly code = 'EMBEDDED_SERVER_STOPPED';
}

/** Runs startEmbeddedSyncServer in embedded-worker.ts; resolves when it answers on `port`. */
function startInWorker(init: z.infer<typeof EmbeddedWorkerInit>, log: Logger): { started: Promise<void>; close(): Promise<void> } {
  const entry = embeddedWorkerEntry();
  const worker = new Worker(entry, { workerData: init, execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : undefined });
  let settle: { resolve: () => void; reject: (err: Error) => void } = { resolve: () => undefined, reject: () => undefined };
  const started = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const closedWaiters: Array<() => void> = [];
  let ready = false;
  worker.on('message', (raw: unknown) => {
    const m = FromEmbeddedWorker.safeParse(raw);
    if (!m.success) return log.warn('embedded sync server sent a message the host does not understand');
    switch (m.data.type) {
      case 'ready':
        ready = true;
        return settle.resolve();
      case 'failed':
        return settle.reject(new Error(m.data.message));
      case 'closed':
        return closedWaiters.splice(0).forEach((w) => w());
      case 'log': {
        const line = LogLine.safeParse(JSON.parse(m.data.line));
        if (!line.success) return;
        const { level, msg, t: _t, ...fields } = line.data;
        return log[level](msg, fields);
      }
    }
  });
  worker.on('error', (err) => {
    log.error('embedded sync server worker failed', { error: err });
    settle.reject(err);
  });
  worker.on('exit', () => {
    settle.reject(new EmbeddedServerStopped('the embedded sync server worker exited before it was ready'));
    closedWaiters.splice(0).forEach((w) => w());
  });
  return {
    started,
    close: async () => {
      // Still opening PGlite, migrating or seeding: the worker would only read 'close' after
      // that (tens of seconds on a busy laptop), so Ctrl+C would seem to hang. It is stopped as
      // a power cut would stop it, which the folder already survives (PostgreSQL's own crash
      // recovery; a seed cut short wrote no stamp, so the next start seeds again).
      if (!ready) {
        await worker.terminate();
        return;
      }
      const closed = new Promise<void>((resolve) => closedWaiters.push(resolve));
      worker.postMessage({ type: 'close' } satisfies z.infer<typeof ToEmbeddedWorker>);
      await closed;
      await worker.terminate();
    },
  };
}

/** The demo agent's credentials the core signs in with. */
const DEMO_CREDENTIALS = { username: DEMO_AGENT.username, password: DEMO_AGENT.password } as const;

/**
 * Which sync server a profile talks to, the same in Electron and in the browser host: the one
 * IT configured (the policy's syncServerUrl, from its file or AGENT_SYNC_URL, already checked
 * against shared/secure-url.ts), else for the demo profile an embedded one (unless
 * AGENT_EMBEDDED_SYNC=0), else none — the profile then works offline only. A URL IT set that the
 * policy refused (plain http:// to another machine, say) is never used, nor silently replaced by
 * the embedded one: the profile works offline and the log says why. The embedded one is not
 * started here: the host calls `embedded.start()` once the desk is up.
 */
export async function chooseSyncServer(o: {
  demo: boolean;
  env: NodeJS.ProcessEnv;
  /** IT's policy as read (readAdminPolicy): its syncServerUrl, or the problem that refused it. */
  policy: Pick<AdminPolicyView, 'policy' | 'problems'>;
  dataDir: string;
  log: Logger;
  resourcesDir?: string;
}): Promise<{ sync: CoreOptions['sync']; embedded: LazyEmbeddedSyncServer | null }> {
  const configured = o.policy.policy.syncServerUrl;
  if (configured) return { sync: { serverUrl: configured }, embedded: null };
  const refused = o.policy.problems.find((p) => p.field === 'syncServerUrl');
  if (refused) {
    o.log.error('sync server URL refused; this profile works offline until IT gives a https:// one', { source: refused.source, problem: refused.message });
    return { sync: null, embedded: null };
  }
  if (!o.demo || o.env.AGENT_EMBEDDED_SYNC === '0') return { sync: null, embedded: null };
  const port = await choosePort(o.dataDir, 'syncServer');
  const url = `http://127.0.0.1:${port}`;
  let running: ReturnType<typeof startInWorker> | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const embedded: LazyEmbeddedSyncServer = {
    url,
    consoleUrl: `${url}/console/`,
    start: () => {
      running ??= startInWorker({ dataDir: o.dataDir, resourcesDir: o.resourcesDir, port }, o.log);
      return running.started.then(() => {
        rememberProfilePort(o.dataDir, 'syncServer', port);
        markReady();
      });
    },
    close: async () => {
      await running?.close();
    },
  };
  return { sync: { serverUrl: url, credentials: DEMO_CREDENTIALS, ready }, embedded };
}
