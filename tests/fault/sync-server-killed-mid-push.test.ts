/**
 * Issue 12 item 3: a sync server instance really dies (SIGKILL of its process) in the middle of
 * a push, and the workstation's retry goes, through the load balancer, to the other instance.
 * The push is caught mid-transaction by holding a lock on the contact it edits; the killed
 * instance's PostgreSQL backend is still inside that transaction (with the client's push lock)
 * when the retry arrives at the second instance. Checked as a user would: every note and the
 * edit exist once on the server, on the workstation and on a colleague's workstation; each
 * mutation was processed once.
 *
 * The load balancer is a few lines of TCP forwarding below (first live instance wins), standing
 * in for nginx/HAProxy; the servers, PostgreSQL and the workstations are the real ones.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { spawnSyncServer } from '../support/sync-server-process';
import { createTestDatabase } from '../support/sync-postgres';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** TCP forwarding to the first backend that accepts the connection, in order. */
async function firstLiveBalancer(backends: readonly string[]): Promise<string> {
  const ports = backends.map((u) => Number(new URL(u).port));
  // Every socket it holds, both sides: closing the balancer ends them, as a balancer's shutdown
  // does. server.close() alone waited for each to end by itself — one whose client left while its
  // upstream was still connecting stayed open until the server's headers timeout (~70 s), and
  // with a loaded machine the cleanup passed vitest's 120 s hook limit (CI, twice).
  const sockets = new Set<net.Socket>();
  const hold = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    hold(client);
    client.on('error', () => undefined);
    client.pause();
    const attempt = (i: number) => {
      const port = ports[i];
      if (port === undefined) return client.destroy();
      const upstream = net.connect(port, '127.0.0.1');
      hold(upstream);
      client.on('close', () => upstream.destroy());
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.once('error', (err: NodeJS.ErrnoException) => {
        if (connected) return;
        if (err.code === 'ECONNREFUSED') attempt(i + 1);
        else client.destroy();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        for (const socket of sockets) socket.destroy();
      }),
  );
  const addr = server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

async function signedIn(url: string, username: string): Promise<SyncClient> {
  const c = await startSyncClient(url, { poke: true });
  cleanups.push(() => c.close());
  await c.engine.signIn(username, 'pw');
  await c.engine.whenSynced();
  return c;
}

it('a push cut by its server instance dying is applied exactly once through the other instance', async () => {
  const url = await createTestDatabase('killed-mid-push');
  const db: SyncDb = connectPostgres(url, silentLogger);
  cleanups.push(() => db.close());
  await migrateServer(db);
  await createAgent(db, { username: 'rabia', displayName: 'Rabia', password: 'pw' });
  await createAgent(db, { username: 'saad', displayName: 'Saad', password: 'pw' });
  const [one, two] = await Promise.all([spawnSyncServer(url), spawnSyncServer(url)]);
  cleanups.push(() => one.stop(), () => two.stop());
  const balancer = await firstLiveBalancer([one.url, two.url]);
  const rabia = await signedIn(balancer, 'rabia');
  const saad = await signedIn(two.url, 'saad');

  const contact = rabia.contacts.create({ firstName: 'Zainab', lastName: 'Qureshi', company: 'Old Co', email: '', phones: [], timezone: '', doNotCall: false });
  await rabia.engine.whenSynced();

  const blocker = new pg.Client({ connectionString: url });
  const watch = new pg.Client({ connectionString: url });
  for (const c of [blocker, watch]) {
    c.on('error', () => undefined);
    await c.connect();
    cleanups.push(() => c.end());
  }
  await blocker.query('BEGIN');
  await blocker.query('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [contact.id]);
  const blockerPid = ((await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;

  await test_step('the push reaches instance one and waits inside its transaction', async () => {
    rabia.contacts.update(contact.id, { company: 'New Co' });
    for (let i = 0; i < 20; i++) rabia.notes.finalize({ contactId: contact.id }, `Promised a callback, note ${i}`);
    // Asking PostgreSQL, no timer: a backend waits on the blocker's row lock.
    for (;;) {
      const { rows } = await watch.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [blockerPid]);
      if (rows.length > 0) break;
    }
  });

  await test_step('instance one is killed; the retry goes to instance two and applies once', async () => {
    one.process.kill('SIGKILL');
    await new Promise<void>((resolve) => (one.process.exitCode !== null || one.process.signalCode !== null ? resolve() : one.process.once('exit', () => resolve())));
    await blocker.query('ROLLBACK');
    await rabia.engine.whenSynced();
    expect(rabia.status.get().pending).toBe(0);
  });

  await test_step('every change exists once, everywhere', async () => {
    const notes = await db.query<{ n: number; distinct_bodies: number }>('SELECT count(*)::int AS n, count(DISTINCT body)::int AS distinct_bodies FROM notes WHERE contact_id = $1', [contact.id]);
    expect(notes.rows[0]).toEqual({ n: 20, distinct_bodies: 20 });
    const processed = await db.query<{ n: number; ids: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT mutation_id)::int AS ids FROM processed_mutations WHERE agent_id = (SELECT id FROM agents WHERE username = 'rabia')`,
    );
    // The create, the edit and 20 notes.
    expect(processed.rows[0]).toEqual({ n: 22, ids: 22 });
    const edited = await db.query<{ company: string }>('SELECT company FROM contacts WHERE id = $1', [contact.id]);
    expect(edited.rows[0]?.company).toBe('New Co');
    await saad.engine.whenSynced();
    for (const c of [rabia, saad]) {
      expect(c.contacts.get(contact.id)?.company).toBe('New Co');
      expect(c.notes.list({ contactId: contact.id })).toHaveLength(20);
    }
  });
  // Two server processes start inside the test; on a loaded machine that alone takes a minute.
}, 240_000);

/** A named step (vitest has no test.step): the failure message says which part failed. */
async function test_step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof Error) err.message = `${name}: ${err.message}`;
    throw err;
  }
}
