/**
 * Poke across server instances: two sync server processes on one PostgreSQL. A change pushed
 * through one instance reaches a client connected to the other through LISTEN/NOTIFY, and the
 * client pulls because it was poked (the engine never polls).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { migrateServer } from '../../src/server/migrations';
import { contactApplied, pokedClient, type SyncClient } from '../support/sync-client';
import { spawnSyncServer } from '../support/sync-server-process';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const url = await createTestDatabase('poke');
  db = connectPostgres(url, silentLogger);
  await migrateServer(db);
  for (const u of ['rabia', 'saad']) await createAgent(db, { username: u, displayName: u, password: 'pw' });
  const [one, two] = await Promise.all([spawnSyncServer(url), spawnSyncServer(url)]);
  stops.push(() => one.stop(), () => two.stop());
  process.env.TEST_SYNC_ONE = one.url;
  process.env.TEST_SYNC_TWO = two.url;
}, 60_000);

afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await db?.close();
});

it('a push through one instance pokes a client of the other, both ways', async () => {
  const one = process.env.TEST_SYNC_ONE ?? '';
  const two = process.env.TEST_SYNC_TWO ?? '';
  expect(one).not.toBe(two);
  const rabia = await pokedClientStopped(one, 'rabia');
  const saad = await pokedClientStopped(two, 'saad');

  const pokesBefore = rabia.engine.stats.pokes;
  const pullsBefore = rabia.engine.stats.pullRequests;
  const fromSaad = saad.contacts.create({ firstName: 'Poke', lastName: 'One', company: '', email: '', phones: [], timezone: '', doNotCall: false });
  const arrived = contactApplied(rabia, fromSaad.id);
  await arrived;
  expect(rabia.engine.stats.pokes).toBeGreaterThan(pokesBefore);
  expect(rabia.engine.stats.pullRequests).toBeGreaterThan(pullsBefore);
  expect(rabia.contacts.get(fromSaad.id)?.firstName).toBe('Poke');

  const fromRabia = rabia.contacts.create({ firstName: 'Poke', lastName: 'Two', company: '', email: '', phones: [], timezone: '', doNotCall: false });
  const back = contactApplied(saad, fromRabia.id);
  await back;
  expect(saad.contacts.get(fromRabia.id)?.lastName).toBe('Two');
});

it('two instances taking concurrent pushes to the same contacts converge everywhere', async () => {
  const one = process.env.TEST_SYNC_ONE ?? '';
  const two = process.env.TEST_SYNC_TWO ?? '';
  const a = await pokedClientStopped(one, 'rabia');
  const b = await pokedClientStopped(two, 'saad');
  const ids = Array.from({ length: 5 }, (_, i) => a.contacts.create({ firstName: `Shared${i}`, lastName: '', company: '', email: '', phones: [], timezone: '', doNotCall: false }).id);
  await a.engine.whenSynced();
  await b.engine.whenSynced();
  for (let round = 0; round < 20; round++) {
    for (const [c, who] of [[a, 'a'], [b, 'b']] as const) {
      for (const id of ids) c.contacts.update(id, { company: `${who}-${round}`, [who === 'a' ? 'lastName' : 'email']: who === 'a' ? `L${round}` : `e${round}@x.io` });
    }
    await Promise.all([a.engine.whenSynced(), b.engine.whenSynced()]);
  }
  await a.engine.whenSynced();
  await b.engine.whenSynced();
  const rows = (c: typeof a) => c.db.prepare<[], Record<string, unknown>>('SELECT id, company, last_name, email, company_v FROM contacts ORDER BY id').all();
  expect(rows(a)).toEqual(rows(b));
  const server = await db.query<{ id: string; company: string; last_name: string; email: string }>('SELECT id::text, company, last_name, email FROM contacts ORDER BY id');
  expect(rows(a).map(({ id, company, last_name, email }) => ({ id, company, last_name, email }))).toEqual(server.rows);
  // Every version handed out is unique and the log is gap-free from the pullers' view.
  const dupes = await db.query<{ n: number }>('SELECT count(*)::int - count(DISTINCT version)::int AS n FROM change_log');
  expect(dupes.rows[0]?.n).toBe(0);
});

async function pokedClientStopped(url: string, username: string): Promise<SyncClient> {
  const c = await pokedClient(url, username);
  stops.push(() => c.close());
  return c;
}
