/**
 * The sync engine wired into the core, through the agent API as the renderer calls it:
 * session.signIn (token to the vault), a contact made in one workstation announced in another
 * with contacts.changed, sync.now, sync.status and sign-out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Contact, Session, SyncStatus, type EventName } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { syncTokenAccount } from '../../src/core/sync/engine';
import { createDemoFileVault } from '../../src/core/vault/demo-file-vault';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createTestDatabase } from '../support/sync-postgres';
import { tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
const cores: Core[] = [];
const ctx = { transport: 'in-process' } as const;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('coreapi'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await createAgent(db, { username: 'wasim', displayName: 'Wasim Akram', password: 'swing' });
  await createAgent(db, { username: 'waqar', displayName: 'Waqar Younis', password: 'yorker' });
});

afterAll(async () => {
  for (const c of cores) c.close();
  await server?.close();
  await db?.close();
});

async function workstation() {
  const dataDir = tempDir('agent-core-sync-');
  const vault = createDemoFileVault(dataDir);
  const core = await createCore({
    dataDir,
    profile: 'demo',
    demo: true,
    vault,
    app: { name: 'Agent Workstation', version: '0.0.0-test', host: 'browser' },
    log: silentLogger,
    sync: { serverUrl: server.url },
  });
  cores.push(core);
  return { core, vault };
}

function nextEvent(core: Core, name: EventName, predicate: (payload: unknown) => boolean = () => true): Promise<unknown> {
  return new Promise((resolve) => {
    const off = core.subscribe((n, payload) => {
      if (n === name && predicate(payload)) {
        off();
        resolve(payload);
      }
    });
  });
}

it('signs in through the API, syncs a contact to another workstation and announces it there', async () => {
  const a = await workstation();
  const b = await workstation();
  const wrong = await a.core.dispatch('session.signIn', { username: 'wasim', password: 'nope' }, ctx);
  expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });

  const signedIn = await a.core.dispatch('session.signIn', { username: 'wasim', password: 'swing' }, ctx);
  expect(signedIn.ok && Session.parse(signedIn.value).agent).toMatchObject({ username: 'wasim', displayName: 'Wasim Akram' });
  expect(await a.vault.get(syncTokenAccount('demo'))).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  const bSignedIn = await b.core.dispatch('session.signIn', { username: 'waqar', password: 'yorker' }, ctx);
  expect(bSignedIn.ok).toBe(true);

  const created = await a.core.dispatch('contacts.create', { fields: { firstName: 'Inzamam', lastName: 'ul-Haq', phones: [{ label: 'mobile', number: '0300 1234567' }] } }, ctx);
  expect(created.ok).toBe(true);
  const contact = Contact.parse(created.ok ? created.value : null);

  const announced = nextEvent(b.core, 'contacts.changed', (p) => Contact.parse(p).id === contact.id);
  const now = await a.core.dispatch('sync.now', {}, ctx);
  expect(now.ok && SyncStatus.parse(now.value)).toMatchObject({ online: true, pending: 0, lastError: null });
  await b.core.dispatch('sync.now', {}, ctx);
  expect(Contact.parse(await announced)).toMatchObject({ firstName: 'Inzamam', phones: [{ number: '+923001234567' }] });
  const found = await b.core.dispatch('contacts.lookupByNumber', { number: '+923001234567' }, ctx);
  expect(found).toMatchObject({ ok: true, value: { matches: [{ id: contact.id }] } });

  const out = await a.core.dispatch('session.signOut', {}, ctx);
  expect(out.ok && Session.parse(out.value).agent).toBeNull();
  expect(await a.vault.get(syncTokenAccount('demo'))).toBeNull();
  const status = await a.core.dispatch('sync.status', {}, ctx);
  expect(status).toMatchObject({ ok: true, value: { lastError: { code: 'NOT_SIGNED_IN' } } });
});

it('another agent signing in on the same workstation pulls what it may see from the beginning', async () => {
  const a = await workstation();
  await a.core.dispatch('session.signIn', { username: 'wasim', password: 'swing' }, ctx);
  const call = await a.core.dispatch('calls.logEvent', { callId: randomUUID(), event: 'ringing', at: new Date().toISOString(), direction: 'inbound', localNumber: '100', remoteNumber: '+923001112233' }, ctx);
  expect(call.ok).toBe(true);
  // A later change everyone sees: Waqar's cursor will pass the call he cannot see.
  await a.core.dispatch('contacts.create', { fields: { firstName: 'Later' } }, ctx);
  await a.core.dispatch('sync.now', {}, ctx);
  await a.core.dispatch('session.signOut', {}, ctx);

  const b = await workstation();
  await b.core.dispatch('session.signIn', { username: 'waqar', password: 'yorker' }, ctx);
  await b.core.dispatch('sync.now', {}, ctx);
  await b.core.dispatch('session.signOut', {}, ctx);
  // Wasim's own call reaches a workstation where Waqar pulled first, once Wasim signs in there.
  await b.core.dispatch('session.signIn', { username: 'wasim', password: 'swing' }, ctx);
  await b.core.dispatch('sync.now', {}, ctx);
  const history = await b.core.dispatch('calls.history', {}, ctx);
  expect(history).toMatchObject({ ok: true, value: [expect.objectContaining({ remoteNumber: '+923001112233' })] });
});
