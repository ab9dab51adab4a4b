/**
 * vitest globalSetup: a real PostgreSQL for the sync tests. It uses the server at DATABASE_URL
 * (or postgres://postgres@127.0.0.1:5432/postgres) and, when none answers, starts a throwaway
 * cluster from Debian's postgresql packages under /tmp. Each run gets fresh databases, named
 * after the run, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string with the right to CREATE DATABASE. */
    postgresAdminUrl: string;
    /** This run's database; per-file databases are named with it as a prefix. */
    postgresRunDatabase: string;
  }
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('No PostgreSQL is reachable and Debian\'s postgresql package is not installed (apt-get install postgresql).');
  return path.join(root, newest, 'bin');
}

/** initdb refuses to run as root: the cluster belongs to the postgres system user then. */
function asClusterOwner(cmd: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe', cwd: '/tmp' });
}

export async function startThrowawayCluster(): Promise<{ url: string; stop: () => void }> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  asClusterOwner(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  asClusterOwner(path.join(bin, 'pg_ctl'), [
    '-D', dir, '-w', '-l', path.join(dir, 'server.log'),
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        asClusterOwner(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface TestPostgres {
  /** A connection string with the right to CREATE DATABASE. */
  readonly adminUrl: string;
  /** This run's database; per-test databases are named with it as a prefix. */
  readonly runDatabase: string;
  /** Drops every database of the run and stops the throwaway cluster, if one was started. */
  teardown(): Promise<void>;
}

/** The PostgreSQL a test run uses: DATABASE_URL, the local default, or a throwaway cluster. */
export async function prepareTestPostgres(): Promise<TestPostgres> {
  let adminUrl = process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  let stopCluster: (() => void) | null = null;
  if (!(await reachable(adminUrl))) {
    const cluster = await startThrowawayCluster();
    adminUrl = cluster.url;
    stopCluster = cluster.stop;
    process.stdout.write(`No PostgreSQL at ${process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL}: started a throwaway cluster at ${adminUrl}\n`);
  }
  const runDatabase = `agent_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${runDatabase}`);
  await admin.end();

  const teardown = async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    try {
      await c.connect();
      const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${runDatabase}%`]);
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(r.datname)} WITH (FORCE)`);
    } finally {
      await c.end().catch(() => undefined);
      stopCluster?.();
    }
  };
  return { adminUrl, runDatabase, teardown };
}

/** A fresh, empty database named after the run and a label. */
export async function createDatabase(postgres: Pick<TestPostgres, 'adminUrl' | 'runDatabase'>, label: string): Promise<string> {
  const name = `${postgres.runDatabase}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await prepareTestPostgres();
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('postgresRunDatabase', postgres.runDatabase);
  return postgres.teardown;
}
