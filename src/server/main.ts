/**
 * The sync server process.
 *
 *   DATABASE_URL  PostgreSQL connection string (default postgres://postgres@127.0.0.1:5432/agent_sync)
 *   PORT          TCP port (default 8780; 0 picks a free one)
 *   HOST          interface to bind (default 127.0.0.1)
 *   PROCESSED_MUTATION_RETENTION_DAYS  how long a push is remembered to answer its retries (default 90)
 *   SYNC_PUSH_POOL_SIZE / SYNC_QUERY_POOL_SIZE  connections for pushes / for pulls and sign-in (8 / 8)
 *   SYNC_DB_CONNECT_TIMEOUT_MS  longest wait for a pooled connection (60000; 0 = none)
 *   SYNC_STATEMENT_TIMEOUT_MS  PostgreSQL statement_timeout (60000; 0 = none)
 *   SYNC_IDLE_IN_TRANSACTION_TIMEOUT_MS  PostgreSQL idle_in_transaction_session_timeout (10000)
 *   SYNC_POKE_COALESCE_MS  window within which pokes to one socket are merged (50)
 *   SYNC_PUSHES_IN_FLIGHT  pushes worked on at once; later ones wait before their body is read (16)
 *   SYNC_TOKEN_CACHE_MS  how long a token check's session row is reused (5000; 0 = every request reads it)
 *   SYNC_GLOBAL_PUSH_LOCK=1  every push takes one global lock: the old design, a benchmark baseline
 *   SYNC_SESSION_IDLE_DAYS / SYNC_SESSION_MAX_DAYS  a token unused this long / this old ends (7 / 30)
 *
 *   node --import tsx src/server/main.ts [serve]              serve
 *   SYNC_AGENT_PASSWORD=… node --import tsx src/server/main.ts add-agent <username> <display name>
 *   SYNC_AGENT_PASSWORD=… node --import tsx src/server/main.ts reset-password <username>   (ends the agent's tokens)
 *   node --import tsx src/server/main.ts list-devices
 *   node --import tsx src/server/main.ts revoke-device <device id> [--no-final-push]
 *       (ends its tokens, refuses its sign-ins; at its next contact the workstation pushes what it
 *       holds — for 7 days, never with --no-final-push, e.g. a stolen laptop — then wipes its stores and keys)
 *   node --import tsx src/server/main.ts restore-device <device id>
 *   CONSOLE_LAG_AFTER_MS  silence after which the console shows a workstation as Lagged (20000)
 *   SYNC_SUPERVISOR_PASSWORD=… … add-supervisor <username> <display name>   (add-admin: sees every team)
 *   … add-team <name> [<team time zone> [<client time zone>]]   (Asia/Karachi, America/New_York)
 *   … team-add-agent <team> <agent username>
 *   … team-add-supervisor <team> <supervisor username>
 *
 * Every variable is checked at start (server-env.ts): a bad value exits 1 naming it.
 * Refuses to start on a Node.js outside package.json's `engines` (exit 1, UNSUPPORTED_NODE).
 * Migrations run at start. Prints SYNC_SERVER_URL=<url> once listening (tests read it).
 */
import packageJson from '../../package.json';
import { createLogger } from '../core/log';
import { createAgent, resetPassword } from './auth';
import { listDevices, restoreDevice, revokeDevice } from './devices';
import { runConsoleCommand } from './console/console-cli';
import { startSyncServer } from './app';
import { connectPostgres, DEFAULT_DATABASE_URL, type PostgresSettings, type SyncDb } from './db';
import { migrateServer } from './migrations';
import { checkNodeRuntime } from './node-runtime';
import { DEFAULT_TOKEN_CACHE_MS, readServerEnv, type ServerEnv } from './server-env';
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime } from './session-lifetime';
import { DEFAULT_SHUTDOWN_GRACE_MS, shutDown } from './shutdown';

export const DEFAULT_PORT = 8780;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The PostgreSQL settings given in the environment; unset ones keep their defaults (db.ts). */
function postgresSettings(env: ServerEnv): Partial<PostgresSettings> {
  const entries = {
    pushPoolSize: env.SYNC_PUSH_POOL_SIZE,
    queryPoolSize: env.SYNC_QUERY_POOL_SIZE,
    connectTimeoutMs: env.SYNC_DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.SYNC_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.SYNC_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/** Token lifetimes from the environment, in whole days; unset ones keep DEFAULT_SESSION_LIFETIME. */
function sessionLifetime(env: ServerEnv): SessionLifetime {
  return {
    idleMs: env.SYNC_SESSION_IDLE_DAYS === undefined ? DEFAULT_SESSION_LIFETIME.idleMs : env.SYNC_SESSION_IDLE_DAYS * DAY_MS,
    maxMs: env.SYNC_SESSION_MAX_DAYS === undefined ? DEFAULT_SESSION_LIFETIME.maxMs : env.SYNC_SESSION_MAX_DAYS * DAY_MS,
  };
}

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The admin commands (anything but serving); false when `command` is not one of them. */
async function admin(db: SyncDb, command: string | undefined, args: readonly string[]): Promise<boolean> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const device = () => {
    const id = args[0];
    if (!id || !DEVICE_ID.test(id)) throw new Error(`usage: ${command} <device id> (a UUID; list-devices shows them)`);
    return id;
  };
  switch (command) {
    case 'add-agent': {
      const [username, ...name] = args;
      const password = process.env.SYNC_AGENT_PASSWORD;
      if (!username || !password) throw new Error('usage: SYNC_AGENT_PASSWORD=… add-agent <username> <display name>');
      await migrateServer(db);
      const agent = await createAgent(db, { username, displayName: name.join(' ') || username, password });
      out(`agent ${agent.username} (${agent.id})`);
      return true;
    }
    case 'reset-password': {
      const [username] = args;
      const password = process.env.SYNC_AGENT_PASSWORD;
      if (!username || !password) throw new Error('usage: SYNC_AGENT_PASSWORD=… reset-password <username>');
      await migrateServer(db);
      out(`password of ${username} changed; ${await resetPassword(db, username, password)} session(s) ended`);
      return true;
    }
    case 'list-devices':
      await migrateServer(db);
      for (const d of await listDevices(db)) {
        out(`${d.device_id}  ${d.username}  last used ${d.last_used_at.toISOString()}  ${d.live_sessions} live session(s)${d.revoked ? '  REVOKED' : ''}`);
      }
      return true;
    case 'revoke-device': {
      const id = device();
      await migrateServer(db);
      const finalPushMs = args.includes('--no-final-push') ? 0 : undefined;
      out(`device ${id} revoked; ${await revokeDevice(db, id, { finalPushMs })} session(s) ended; it wipes its local data at its next contact${finalPushMs === 0 ? ', pushing nothing more' : ', after pushing what it holds'}`);
      return true;
    }
    case 'restore-device': {
      const id = device();
      await migrateServer(db);
      out((await restoreDevice(db, id)) ? `device ${id} may sign in again` : `device ${id} was not revoked`);
      return true;
    }
    default:
      return false;
  }
}

async function main(): Promise<void> {
  const unsupported = checkNodeRuntime(process.version, packageJson.engines.node);
  if (unsupported) throw new Error(`${unsupported.code}: ${unsupported.message}`);
  const env = readServerEnv(process.env);
  const log = createLogger(undefined, { part: 'sync-server' });
  const db = connectPostgres(env.DATABASE_URL ?? DEFAULT_DATABASE_URL, log, postgresSettings(env));
  const [command, ...args] = process.argv.slice(2);
  if (command !== undefined && command !== 'serve') {
    try {
      if (!(await admin(db, command, args))) throw new Error(`unknown command "${command}"`);
    } finally {
      await db.close();
    }
    return;
  }
  const consoleCommand = command === undefined ? null : await runConsoleCommand(db, command, args, process.env);
  if (consoleCommand !== null) {
    process.stdout.write(`${consoleCommand}\n`);
    await db.close();
    return;
  }
  const server = await startSyncServer({
    db,
    log,
    host: env.HOST ?? '127.0.0.1',
    port: env.PORT ?? DEFAULT_PORT,
    retentionDays: env.PROCESSED_MUTATION_RETENTION_DAYS,
    pokeCoalesceMs: env.SYNC_POKE_COALESCE_MS,
    pushesInFlight: env.SYNC_PUSHES_IN_FLIGHT,
    tokenCacheMs: env.SYNC_TOKEN_CACHE_MS ?? DEFAULT_TOKEN_CACHE_MS,
    sessionLifetime: sessionLifetime(env),
    lagAfterMs: env.CONSOLE_LAG_AFTER_MS,
  });
  process.stdout.write(`SYNC_SERVER_URL=${server.url}\n`);
  process.stdout.write(`Supervisor console: ${server.url}/console/\n`);
  let stopping = false;
  const stop = async () => {
    // A second signal while stopping (an impatient Ctrl+C) changes nothing: the grace still bounds it.
    if (stopping) return;
    stopping = true;
    const outcome = await shutDown([...server.closeSteps, { name: 'PostgreSQL pools', run: () => db.close() }], env.SYNC_SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS, log);
    process.exit(outcome === 'clean' ? 0 : 1);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  // PostgreSQL's invalid_catalog_name: the one setup step the server cannot do for itself.
  const noDatabase = (err as { code?: unknown } | null)?.code === '3D000' ? ' Create it once (e.g. createdb -h 127.0.0.1 -U postgres agent_sync); the server creates its tables itself.' : '';
  process.stderr.write(`The sync server could not start: ${err instanceof Error ? err.message : String(err)}.${noDatabase}\n`);
  process.exit(1);
});
