/**
 * Issue 14: "the status bar shows Offline within 3 s of each cut", whatever the sync engine was
 * doing when the line went. A real sync server on PostgreSQL, a real workstation store and
 * engine, and the scripted shift's impairing TCP proxy between them, cut (open sockets closed,
 * new ones refused) or blackholed (bytes vanish, sockets stay open) in each state the engine can
 * be in: poke socket open, poke socket not open yet (reconnecting after the previous cut), push
 * on the wire. Each case waits for the status to say Offline (the event, no polling) and prints
 * how long it took; the rule itself (sync-online.ts) is unit-tested. And the other way: a push
 * the server holds for seconds on a locked row must not show Offline at all (no flapping).
 */
import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { DEFAULT_BACKOFF, type SyncEngineOptions } from '../../src/core/sync/engine';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { startImpairingProxy, type ImpairingProxy } from '../support/impairing-tcp-proxy';
import { startSyncClient, syncStatusWhen, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let dbUrl: string;
let server: SyncServer;
const open: Array<{ client: SyncClient; line: ImpairingProxy }> = [];
const figures: string[] = [];

/** Old code left the status Online for a minute or more in these cases; 20 s is far past the 3 s rule and well short of that. */
const CASE_TIMEOUT_MS = 20_000;


/** The engine's poke socket is open (the engine says so on every change; waited on, never slept for). */
function pokeOpen(c: SyncClient): Promise<void> {
  return new Promise((resolve) => {
    if (c.engine.pokeConnected) return resolve();
    const greeted = () => {
      c.events.off('poke', greeted);
      resolve();
    };
    c.events.on('poke', greeted);
  });
}

/** An agent synced through its own impairing line, with its poke socket open. */
async function agent(username: string, extra: Partial<SyncEngineOptions> = {}): Promise<{ c: SyncClient; line: ImpairingProxy }> {
  const line = await startImpairingProxy(server.port);
  const c = await startSyncClient(`http://127.0.0.1:${line.port}`, extra);
  open.push({ client: c, line });
  const greeted = pokeOpen(c);
  await c.engine.signIn(username, 'pw');
  await c.engine.whenSynced();
  await greeted;
  expect(c.status.get()).toMatchObject({ online: true, pending: 0 });
  return { c, line };
}

/** Cuts (or blackholes) the line and resolves how long the status took to say Offline. */
async function offlineAfter(c: SyncClient, label: string, cut: () => void): Promise<SyncStatus> {
  const offline = syncStatusWhen(c, (s) => !s.online);
  const cutAt = performance.now();
  cut();
  const status = await offline;
  figures.push(`${label}: Offline after ${Math.round(performance.now() - cutAt)} ms`);
  return status;
}

beforeAll(async () => {
  dbUrl = await createTestDatabase('offline-on-cut');
  db = connectPostgres(dbUrl, silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['ayesha', 'bilal', 'hina', 'imran', 'jamal']) await createAgent(db, { username: u, displayName: u, password: 'pw' });
});

afterAll(async () => {
  for (const { client, line } of open) {
    await client.close();
    await line.close();
  }
  await server?.close();
  await db?.close();
  console.log(`Offline after a cut (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}):\n  ${figures.join('\n  ')}`);
});

describe('sync says Offline as soon as the line is cut', () => {
  it('with the poke socket open: and Online again once the line is back', { timeout: CASE_TIMEOUT_MS }, async () => {
    const { c, line } = await agent('ayesha');
    await offlineAfter(c, 'cut, poke socket open', () => line.cut());
    const greeted = pokeOpen(c);
    line.restore();
    c.environment.update({ network: 'offline' });
    c.environment.update({ network: 'online' });
    await syncStatusWhen(c, (s) => s.online);
    await greeted;
  });

  it('with the poke socket not open again yet after the previous cut (the shift\'s 15 s "Online")', { timeout: CASE_TIMEOUT_MS }, async () => {
    // The workstation's own backoff (the test default's few ms would reopen the socket at once).
    const { c, line } = await agent('bilal', { backoff: DEFAULT_BACKOFF });
    await offlineAfter(c, 'first cut, poke socket open', () => line.cut());
    // The line comes back unnoticed by the host (a cut upstream): the next attempt finds it.
    line.restore();
    const back = await c.engine.syncNow();
    expect(back.online).toBe(true);
    // The attempt's success reopens the poke socket; the next cut comes before it is open.
    expect(c.engine.pokeConnected).toBe(false);
    await offlineAfter(c, 'second cut, poke socket reconnecting', () => line.cut());
  });

  it('with a push on the wire: the push fails and the change stays pending', { timeout: CASE_TIMEOUT_MS }, async () => {
    const { c, line } = await agent('hina');
    // A slow line, so the push is still travelling when the cut comes.
    line.impair({ delayMs: 400 });
    // The push's request leaving the engine (its fetch), seen without touching the engine.
    const realFetch = globalThis.fetch;
    const pushing = new Promise<void>((resolve) => {
      vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
        if (String(input instanceof Request ? input.url : input).includes('/v1/push')) resolve();
        return realFetch(input, init);
      });
    });
    c.contacts.create({ firstName: 'Cut', lastName: 'Mid-push', company: '', email: '', phones: [], timezone: 'Asia/Karachi', doNotCall: false });
    await pushing;
    const down = await offlineAfter(c, 'cut, push on the wire', () => line.cut());
    vi.restoreAllMocks();
    expect(down.pending).toBe(1);
  });

  it('when the line blackholes (sockets stay open, nothing arrives): the silent poke socket is found out', { timeout: CASE_TIMEOUT_MS }, async () => {
    const { c, line } = await agent('imran');
    await offlineAfter(c, 'blackhole, poke socket open', () => line.blackhole());
  });
});

describe('sync stays Online through a slow request', () => {
  it('a push the server holds for seconds (a row locked by another transaction) never shows Offline', { timeout: 60_000 }, async () => {
    const { c } = await agent('jamal');
    const contact = c.contacts.create({ firstName: 'Held', lastName: 'Push', company: 'Before', email: '', phones: [], timezone: 'Asia/Karachi', doNotCall: false });
    await c.engine.whenSynced();
    const seen: boolean[] = [];
    const off = c.bus.subscribe((name, payload) => {
      if (name === 'sync.status') seen.push((payload as SyncStatus).online);
    });
    const holder = new pg.Client({ connectionString: dbUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [contact.id]);
      c.contacts.update(contact.id, { company: 'After' });
      // The push is on the server, waiting for the row.
      await expect
        .poll(async () => (await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0].n, { timeout: 20_000 })
        .toBe(1);
      // Held while three more pings are answered: the pong deadline passes several times over
      // with the push still on the wire, and none of it may read as Offline.
      const pongsBefore = c.engine.pokePongs;
      await expect.poll(() => c.engine.pokePongs, { timeout: 30_000 }).toBeGreaterThanOrEqual(pongsBefore + 3);
      await holder.query('COMMIT');
      await c.engine.whenSynced();
    } finally {
      await holder.end();
      off();
    }
    expect(c.status.get()).toMatchObject({ online: true, pending: 0 });
    expect(seen.filter((online) => !online)).toEqual([]);
  });
});
