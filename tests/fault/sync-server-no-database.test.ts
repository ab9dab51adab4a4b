/**
 * The sync server process started against a PostgreSQL database that does not exist (IT's first
 * `npm run server`, found by a new-user trial): it exits 1 and says the one step it cannot do
 * for itself, rather than a bare driver error.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createTestDatabase } from '../support/sync-postgres';

const root = path.resolve(__dirname, '../..');

it('a missing database stops the server with how to create it', async () => {
  const url = new URL(await createTestDatabase('no-database'));
  url.pathname = `/${url.pathname.slice(1)}_never_created`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toMatch(/The sync server could not start: database "[^"]+_never_created" does not exist\. Create it once \(e\.g\. createdb /);
});
