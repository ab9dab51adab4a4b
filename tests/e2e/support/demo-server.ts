import path from 'node:path';
import { wrapPglite } from '../../../src/server/db';
import { publishScript } from '../../../src/server/seed';

/**
 * Publishes a call script version on a demo profile's embedded sync server, as a supervisor
 * would on the real one. The server keeps its PGlite data in the profile folder and has one
 * connection, so this runs while the host is stopped; the host's next pull brings the version.
 */
export async function publishOnDemoServer(dataDir: string, script: { id: string; version: number; name: string; body: string }): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = wrapPglite(await PGlite.create(path.join(dataDir, 'sync-server')));
  try {
    await publishScript(db, script);
  } finally {
    await db.close();
  }
}
