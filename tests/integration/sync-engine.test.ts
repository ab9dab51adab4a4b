/**
 * The client sync engine on a real local store against the real server on PostgreSQL: local
 * edits made through the CRM repositories reach another workstation's tables, rejections are
 * shown and not retried, backoff and "network back", pokes across two server processes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { Outbox } from '../../src/core/sync/outbox';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { startSyncClient, syncStatusWhen, type SyncClient } from '../support/sync-client';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: SyncServer;
const clients: SyncClient[] = [];

const fields = (firstName: string, company = 'Acme') => ({
  firstName,
  lastName: 'Iqbal',
  company,
  email: '',
  phones: [{ label: 'mobile', number: '+923001112233' }],
  timezone: 'Asia/Karachi',
  doNotCall: false,
});

async function client(username: string, url = server.url, poke = false): Promise<SyncClient> {
  const c = await startSyncClient(url, { poke });
  clients.push(c);
  await c.engine.signIn(username, 'pw');
  await c.engine.whenSynced();
  return c;
}


beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('engine'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['nadia', 'omar']) await createAgent(db, { username: u, displayName: u, password: 'pw' });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
  await db?.close();
});

describe('sync engine', () => {
  it('pushes local CRM edits and pulls them into another workstation\'s tables', async () => {
    const a = await client('nadia');
    const b = await client('omar');
    const contact = a.contacts.create(fields('Zara'));
    a.notes.finalize({ contactId: contact.id }, 'Wants the premium plan');
    expect(a.status.get().pending).toBe(2);
    await a.engine.whenSynced();
    expect(a.status.get()).toMatchObject({ online: true, pending: 0, lastError: null });
    expect(a.status.get().lastSyncAt).not.toBeNull();

    await b.engine.whenSynced();
    expect(b.contacts.get(contact.id)).toMatchObject({ firstName: 'Zara', phones: [{ label: 'mobile', number: '+923001112233' }] });
    expect(b.contacts.lookupByE164('+923001112233').map((c) => c.id)).toContain(contact.id);
    expect(b.contacts.search('premium', 10).map((c) => c.id)).toContain(contact.id);
    expect(b.notes.list({ contactId: contact.id }).map((n) => n.body)).toEqual(['Wants the premium plan']);
    // The pulled field versions are what the next local edit sends as its base.
    const v = b.db.prepare<[string], { v: number }>('SELECT first_name_v AS v FROM contacts WHERE id = ?').get(contact.id)?.v;
    expect(v).toBeGreaterThan(0);
  });

  it('merges concurrent offline edits of one contact the same way on both workstations', async () => {
    const a = await client('nadia');
    const b = await client('omar');
    const contact = a.contacts.create(fields('Ali', 'Old Co'));
    await a.engine.whenSynced();
    await b.engine.whenSynced();
    // Both offline (no sync between the edits): different fields merge, the same field goes
    // to the later push in server order, and the losing value is kept.
    a.contacts.update(contact.id, { firstName: 'Ali A', company: 'New Co' });
    b.contacts.update(contact.id, { firstName: 'Ali B', email: 'ali@example.com' });
    await a.engine.whenSynced();
    await b.engine.whenSynced();
    await a.engine.whenSynced();
    for (const c of [a, b]) {
      expect(c.contacts.get(contact.id)).toMatchObject({ firstName: 'Ali B', company: 'New Co', email: 'ali@example.com' });
      expect(c.history.list(contact.id)).toEqual([
        expect.objectContaining({ field: 'firstName', losingValue: 'Ali A', winningValue: 'Ali B' }),
      ]);
    }
  });

  it('shows a rejected change to the agent and does not retry it', async () => {
    const a = await client('nadia');
    const b = await client('omar');
    const callId = randomUUID();
    const now = new Date().toISOString();
    const upsert = { kind: 'call.upsert' as const, callId, direction: 'inbound' as const, localNumber: '1', remoteNumber: '+923001112233', contactId: null, startedAt: now, answeredAt: null, endedAt: null, endCause: null };
    Outbox.for(a.db).write(() => Outbox.for(a.db).queue(upsert));
    await a.engine.whenSynced();
    Outbox.for(b.db).write(() => Outbox.for(b.db).queue({ ...upsert, endedAt: now }));
    await b.engine.whenSynced();
    expect(b.engine.rejections()).toEqual([expect.objectContaining({ kind: 'call.upsert', code: 'FORBIDDEN' })]);
    expect(b.status.get()).toMatchObject({ pending: 0, lastError: { code: 'SYNC_REJECTED' } });
    const pushes = b.engine.stats.pushRequests;
    await b.engine.whenSynced();
    expect(b.engine.stats.pushRequests).toBe(pushes);
    b.engine.dismissRejection(b.engine.rejections()[0]?.mutationId ?? '');
    expect(b.engine.rejections()).toEqual([]);
    expect(b.status.get().lastError).toBeNull();
  });

  it('backs off while the server is unreachable and retries at once when the network is back', async () => {
    // A server that is down: its port is closed until it restarts below.
    const spare = connectPostgres(await createTestDatabase('engine2'), silentLogger);
    let s2 = await startSyncServer({ db: spare, log: silentLogger });
    await createAgent(spare, { username: 'nadia', displayName: 'n', password: 'pw' });
    const port = s2.port;
    const c = await client('nadia', s2.url);
    await s2.close();
    c.contacts.create(fields('Offline'));
    const down = await syncStatusWhen(c, (s) => s.lastError?.code === 'SERVER_UNREACHABLE');
    expect(down).toMatchObject({ online: false, pending: 1 });
    // Backoff grows: fail a few times without any sleeps in the test, then bring it back.
    c.environment.update({ network: 'offline' });
    s2 = await startSyncServer({ db: spare, log: silentLogger, port });
    const synced = c.engine.whenSynced();
    c.environment.update({ network: 'online' });
    await synced;
    expect(c.status.get()).toMatchObject({ online: true, pending: 0, lastError: null });
    expect(c.engine.stats.pushFailures).toBeGreaterThan(0);
    await c.close();
    await s2.close();
    await spare.close();
  });

  it('stopping (sign-out, quit) while an attempt is out waits for it to end, and it ends when its answer comes', async () => {
    const c = await client('nadia');
    c.contacts.create(fields('Stopped'));
    // The push is on the wire when stop() is called; its answer arrives after.
    const attempt = c.engine.syncNow();
    const stopped = c.engine.stop();
    await attempt;
    // Before the fix this never settled: the attempt returned without telling the schedule it ended.
    await stopped;
    expect(c.status.get().pending).toBe(0);
    const onServer = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM contacts WHERE first_name = 'Stopped'");
    expect(onServer.rows[0]?.n).toBe(1);
  });
});
