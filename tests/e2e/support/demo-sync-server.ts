import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { silentLogger } from '../../../src/core/log';
import { connectPostgres, type SyncDb } from '../../../src/server/db';
import { migrateServer } from '../../../src/server/migrations';
import { DEMO_AGENT, DEMO_SUPERVISOR, seedDemo } from '../../../src/server/seed';
import { createDatabase, prepareTestPostgres } from '../../setup/postgres';
import { FaultProxy, seededRandom } from '../../support/fault-proxy';
import { spawnSyncServer } from '../../support/sync-server-process';

/** A sync server process on a database of its own on real PostgreSQL, holding the demo data set. */
export interface DemoSyncServer {
  /** The server's database, for a test's own checks (two connections). */
  readonly db: SyncDb;
  /** The server process's base URL (http://127.0.0.1:PORT). */
  readonly url: string;
  /** Stops the server, closes `db` and drops what `prepareTestPostgres` started. */
  stop(): Promise<void>;
}

/**
 * Starts the project's sync server as its own process on a fresh database (`label` names it)
 * with the demo agents, team and lead, as an app e2e test's beforeAll needs; `env` reaches the
 * server process (e.g. `CONSOLE_LAG_AFTER_MS`).
 */
export async function startDemoSyncServer(label: string, env: Record<string, string> = {}): Promise<DemoSyncServer> {
  const postgres = await prepareTestPostgres();
  const databaseUrl = await createDatabase(postgres, label);
  const db = connectPostgres(databaseUrl, silentLogger, 2);
  await migrateServer(db);
  await seedDemo(db, path.resolve(__dirname, '../../../resources/demo'));
  const server = await spawnSyncServer(databaseUrl, env);
  return {
    db,
    url: server.url,
    stop: async () => {
      await server.stop();
      await db.close();
      await postgres.teardown();
    },
  };
}

/**
 * Signs the demo agent in on the desk's sign-in form. Signing in opens the agent's own store and
 * the page starts over on it (a reload of its own); this settles that reload here, since a page
 * that reloads later tells the core its phone holds no call, and the core would end a call the
 * test logs through its own socket as "Workstation restarted".
 */
export async function signInDemoAgent(page: Page): Promise<void> {
  const signIn = page.getByRole('form', { name: 'Sign in to the sync server' });
  await signIn.getByRole('textbox', { name: 'Username' }).fill(DEMO_AGENT.username);
  await signIn.getByLabel('Password').fill(DEMO_AGENT.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed-in agent')).toHaveText(DEMO_AGENT.displayName);
  // The page's own reload can start at the same moment as this one, which then fails ("not
  // attached to an active page", seen once in CI); either reload settles it, so try again.
  await expect(async () => {
    await page.reload();
  }).toPass({ timeout: 20_000 });
  await expect(page.getByLabel('Signed-in agent')).toHaveText(DEMO_AGENT.displayName);
}

/**
 * The agent's home line to `serverUrl`: a TCP proxy the test cuts and restores
 * (`line.cut()`/`restore()` per FaultProxy), passing everything untouched until then. `seed`
 * fixes the proxy's random choices; `await line.listen()` gives the URL to sync through.
 */
export function homeLineTo(serverUrl: string, seed = 1): FaultProxy {
  const target = new URL(serverUrl);
  const line = new FaultProxy({ host: target.hostname, port: Number(target.port) }, seededRandom(seed), { beforeServer: 0, afterServer: 0 });
  line.faults = false;
  return line;
}

/** Signs the demo team lead in to the server's supervisor console on `lead` and waits for its live board. */
export async function signInDemoLead(lead: Page, server: Pick<DemoSyncServer, 'url'>): Promise<void> {
  await lead.goto(`${server.url}/console/`);
  const form = lead.getByRole('form', { name: 'Sign in to the team console' });
  await form.getByLabel('Username').fill(DEMO_SUPERVISOR.username);
  await form.getByLabel('Password').fill(DEMO_SUPERVISOR.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(lead.getByTestId('live')).toHaveText('live');
}
