/**
 * The sync server process.
 *
 *   DATABASE_URL  PostgreSQL connection string (default postgres://postgres@127.0.0.1:5432/agent_sync)
 *   PORT          TCP port (default 8780; 0 picks a free one)
 *   HOST          interface to bind (default 127.0.0.1)
 *   PROCESSED_MUTATION_RETENTION_DAYS  how long a push is remembered to answer its retries (default 90)
 *
 *   node --import tsx src/server/main.ts                      serve
 *   SYNC_AGENT_PASSWORD=… node --import tsx src/server/main.ts add-agent <username> <display name>
 *
 * Refuses to start on a Node.js outside package.json's `engines` (exit 1, UNSUPPORTED_NODE).
 * Migrations run at start. Prints SYNC_SERVER_URL=<url> once listening (tests read it).
 */
import packageJson from '../../package.json';
import { createLogger } from '../core/log';
import { createAgent } from './auth';
import { startSyncServer } from './app';
import { connectPostgres, DEFAULT_DATABASE_URL } from './db';
import { migrateServer } from './migrations';
import { checkNodeRuntime } from './node-runtime';

export const DEFAULT_PORT = 8780;

/** A retention shorter than a day would forget pushes a sleeping laptop may still retry. */
function retentionDays(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`PROCESSED_MUTATION_RETENTION_DAYS must be a whole number of days ≥ 1, not "${raw}"`);
  return days;
}

async function main(): Promise<void> {
  const unsupported = checkNodeRuntime(process.version, packageJson.engines.node);
  if (unsupported) throw new Error(`${unsupported.code}: ${unsupported.message}`);
  const log = createLogger(undefined, { part: 'sync-server' });
  const db = connectPostgres(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, log);
  const [command, ...args] = process.argv.slice(2);
  if (command === 'add-agent') {
    const [username, ...name] = args;
    const password = process.env.SYNC_AGENT_PASSWORD;
    if (!username || !password) throw new Error('usage: SYNC_AGENT_PASSWORD=… add-agent <username> <display name>');
    await migrateServer(db);
    const agent = await createAgent(db, { username, displayName: name.join(' ') || username, password });
    process.stdout.write(`agent ${agent.username} (${agent.id})\n`);
    await db.close();
    return;
  }
  const server = await startSyncServer({
    db,
    log,
    host: process.env.HOST ?? '127.0.0.1',
    port: process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT),
    retentionDays: retentionDays(process.env.PROCESSED_MUTATION_RETENTION_DAYS),
  });
  process.stdout.write(`SYNC_SERVER_URL=${server.url}\n`);
  const stop = async () => {
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`The sync server could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
