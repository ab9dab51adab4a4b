/**
 * Issue 16 A9: the demo's embedded sync server keeps its PGlite folder between starts and seeds
 * it again only when the demo data changed (src/server/embedded.ts, seed stamp). Observed in the
 * data: a script body changed on the server survives a restart (seeding would have written the
 * demo file's body back), and the demo file's body returns once the demo files change.
 * Real PGlite, real migrations and seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { startEmbeddedSyncServer } from '../../src/server/embedded';
import { tempDir } from '../support/test-core';

const demo = path.resolve(__dirname, '../../resources/demo');

async function startAndStop(dataDir: string, resourcesDir: string): Promise<void> {
  const embedded = await startEmbeddedSyncServer({ dataDir, log: silentLogger, resourcesDir });
  await embedded.close();
}

/** Runs `sql` on the stopped server's PGlite folder, as a supervisor's edit would land. */
async function onServer<R>(dataDir: string, sql: string): Promise<R[]> {
  const db = await PGlite.create(path.join(dataDir, 'sync-server'));
  try {
    return (await db.query<R>(sql)).rows;
  } finally {
    await db.close();
  }
}

it('a restart neither re-seeds nor undoes server-side changes; changed demo files are seeded again', { timeout: 300_000 }, async () => {
  const dataDir = tempDir('agent-seed-stamp-');
  const resources = tempDir('agent-seed-resources-');
  fs.cpSync(demo, resources, { recursive: true });

  await startAndStop(dataDir, resources);
  const [original] = await onServer<{ id: string; body: string }>(dataDir, 'SELECT id, body FROM scripts ORDER BY id LIMIT 1');
  expect(original?.body).toContain('"version"');
  await onServer(dataDir, `UPDATE scripts SET body = 'edited on the server' WHERE id = '${original!.id}'`);

  await startAndStop(dataDir, resources);
  expect((await onServer<{ body: string }>(dataDir, `SELECT body FROM scripts WHERE id = '${original!.id}'`))[0]?.body).toBe('edited on the server');

  // The demo data changed (one more line at the end of the contacts file): seeded again.
  fs.appendFileSync(path.join(resources, 'contacts.json'), '\n');
  await startAndStop(dataDir, resources);
  expect((await onServer<{ body: string }>(dataDir, `SELECT body FROM scripts WHERE id = '${original!.id}'`))[0]?.body).toBe(original!.body);
});
