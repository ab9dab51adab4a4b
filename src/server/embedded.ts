import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/log';
import { startSyncServer, type SyncServer } from './app';
import { wrapPglite } from './db';
import { DEMO_AGENT, seedDemo } from './seed';

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
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = path.join(options.dataDir, 'sync-server');
  fs.mkdirSync(dir, { recursive: true });
  const db = wrapPglite(await PGlite.create(dir));
  const server = await startSyncServer({ db, log: options.log });
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
