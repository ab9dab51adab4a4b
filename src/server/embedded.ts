import fs from 'node:fs';
import path from 'node:path';
import type { CoreOptions } from '../core/core';
import type { Logger } from '../core/log';
import type { SyncServer } from './app';

export interface EmbeddedSyncServer {
  readonly server: SyncServer;
  readonly credentials: { readonly username: string; readonly password: string };
  close(): Promise<void>;
}

/**
 * The demo profile's sync server: the real server code on PGlite (PostgreSQL compiled to
 * WebAssembly, in this process), so `npm start` needs no database. Its data lives under the
 * demo profile's folder and survives restarts. Production and tests use real PostgreSQL.
 */
export async function startEmbeddedSyncServer(options: { dataDir: string; log: Logger; resourcesDir?: string }): Promise<EmbeddedSyncServer> {
  // Loaded only here: a real profile (Electron main included) never pays for the server's
  // framework, driver and WebAssembly PostgreSQL at start-up.
  const [{ PGlite }, { startSyncServer }, { wrapPglite }, { DEMO_AGENT, seedDemo }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./app'),
    import('./db'),
    import('./seed'),
  ]);
  const dir = path.join(options.dataDir, 'sync-server');
  fs.mkdirSync(dir, { recursive: true });
  const db = wrapPglite(await PGlite.create(dir));
  const lag = Number(process.env.CONSOLE_LAG_AFTER_MS);
  const server = await startSyncServer({ db, log: options.log, loopbackOnly: true, lagAfterMs: Number.isInteger(lag) && lag >= 1000 ? lag : undefined });
  await seedDemo(db, options.resourcesDir ?? path.resolve(__dirname, '../../resources/demo'));
  return {
    server,
    credentials: { username: DEMO_AGENT.username, password: DEMO_AGENT.password },
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

/**
 * Which sync server a profile talks to, the same in Electron and in the browser host: the one
 * IT configured (AGENT_SYNC_URL), else for the demo profile an embedded one (unless
 * AGENT_EMBEDDED_SYNC=0), else none — the profile then works offline only.
 */
export async function chooseSyncServer(o: {
  demo: boolean;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  log: Logger;
  resourcesDir?: string;
}): Promise<{ sync: CoreOptions['sync']; embedded: EmbeddedSyncServer | null }> {
  const configured = o.env.AGENT_SYNC_URL;
  if (configured) return { sync: { serverUrl: configured }, embedded: null };
  if (!o.demo || o.env.AGENT_EMBEDDED_SYNC === '0') return { sync: null, embedded: null };
  const embedded = await startEmbeddedSyncServer({ dataDir: o.dataDir, log: o.log, resourcesDir: o.resourcesDir });
  return { sync: { serverUrl: embedded.server.url, credentials: embedded.credentials }, embedded };
}
