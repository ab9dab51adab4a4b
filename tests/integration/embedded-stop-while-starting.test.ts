/**
 * Ctrl+C on `npm start` while the demo's sync server is still starting (opening PGlite,
 * migrating, seeding: tens of seconds on a busy laptop) stops it at once instead of waiting for
 * the start to finish; the folder it left is opened, recovered and seeded by the next start,
 * and the demo agent signs in there. Real worker thread, real PGlite (src/server/embedded.ts).
 */
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { parseAdminPolicy } from '../../src/core/policy/admin-policy';
import { chooseSyncServer, EmbeddedServerStopped } from '../../src/server/embedded';
import { tempDir } from '../support/test-core';

async function demoServer(dataDir: string) {
  const { embedded, sync } = await chooseSyncServer({ demo: true, env: {}, policy: parseAdminPolicy(null, {}), dataDir, log: silentLogger });
  if (!embedded || !sync?.credentials) throw new Error('the demo profile should get an embedded sync server');
  return { embedded, credentials: sync.credentials };
}

it('stops a start under way at once, and the next start serves the demo agent', { timeout: 300_000 }, async () => {
  const dataDir = tempDir('agent-embedded-stop-');
  const first = await demoServer(dataDir);
  const starting = first.embedded.start();
  await first.embedded.close();
  await expect(starting).rejects.toBeInstanceOf(EmbeddedServerStopped);

  const second = await demoServer(dataDir);
  await second.embedded.start();
  try {
    const res = await fetch(`${second.embedded.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(second.credentials),
    });
    expect(res.status).toBe(200);
  } finally {
    await second.embedded.close();
  }
});
