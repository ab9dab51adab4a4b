/**
 * The sync server over a real PostgreSQL, through its HTTP edge: sign-in, push (exactly once,
 * typed rejections, ownership), pull paging and the field-by-field contact merge.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse, SignInResponse, type Mutation, type PullCursor } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { pruneProcessedMutations } from '../../src/server/retention';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: SyncServer;

async function call(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(server.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}

async function login(username: string): Promise<{ token: string; agentId: string }> {
  const r = await call('/v1/auth/sign-in', { body: { username, password: `${username}-pw` } });
  expect(r.status).toBe(200);
  const s = SignInResponse.parse(r.body);
  return { token: s.token, agentId: s.agent.id };
}

const contactFields = (firstName: string) => ({
  firstName,
  lastName: 'Raza',
  company: 'Acme',
  email: '',
  phones: [{ label: 'mobile', number: '+923001234567' }],
  timezone: 'Asia/Karachi',
  doNotCall: false,
});

async function pushAs(token: string, clientId: string, mutations: Mutation[], ids = mutations.map(() => randomUUID())) {
  const r = await call('/v1/push', { token, body: { clientId, mutations: mutations.map((mutation, i) => ({ mutationId: ids[i], mutation })) } });
  expect(r.status).toBe(200);
  return PushResponse.parse(r.body).outcomes;
}

async function pullAll(token: string, cursor: PullCursor = 0, limit = 1000) {
  const changes: PullResponse['changes'] = [];
  let pages = 0;
  for (;;) {
    const r = await call(`/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=${limit}&cursors=snapshot`, { token });
    expect(r.status).toBe(200);
    const page = PullResponse.parse(r.body);
    changes.push(...page.changes);
    cursor = page.cursor;
    pages++;
    if (!page.hasMore) return { changes, cursor, pages };
  }
}

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('server'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['amina', 'bilal']) await createAgent(db, { username: u, displayName: u, password: `${u}-pw` });
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

describe('sync server', () => {
  it('signs in with the right password only, and needs a token for everything else', async () => {
    expect((await call('/v1/auth/sign-in', { body: { username: 'amina', password: 'wrong' } })).body).toMatchObject({ error: { code: 'AUTH_FAILED' } });
    expect((await call('/v1/auth/sign-in', { body: { username: 'nobody', password: 'x' } })).status).toBe(401);
    expect((await call('/v1/pull?cursor=0')).body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const { token } = await login('amina');
    expect((await call('/v1/pull?cursor=0', { token })).status).toBe(200);
    expect((await call('/v1/auth/sign-out', { token, method: 'POST' })).status).toBe(204);
    expect((await call('/v1/pull?cursor=0', { token })).status).toBe(401);
    const [hash] = (await db.query<{ password_hash: string }>("SELECT password_hash FROM agents WHERE username = 'amina'")).rows;
    expect(hash?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('applies a retried push once and answers the retry as a duplicate', async () => {
    const { token } = await login('amina');
    const clientId = randomUUID();
    const contactId = randomUUID();
    const noteId = randomUUID();
    const muts: Mutation[] = [
      { kind: 'contact.create', contactId, fields: contactFields('Sana') },
      { kind: 'note.append', noteId, callId: null, contactId, body: 'asked for a callback', createdAt: new Date().toISOString() },
    ];
    const ids = [randomUUID(), randomUUID()];
    expect((await pushAs(token, clientId, muts, ids)).map((o) => o.status)).toEqual(['applied', 'applied']);
    expect((await pushAs(token, clientId, muts, ids)).map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    const notes = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes WHERE id = $1', [noteId]);
    expect(notes.rows[0]?.n).toBe(1);
  });

  it("does not let one agent turn another's later mutation into a duplicate (issue 15 A7)", async () => {
    const attacker = await login('bilal');
    const victim = await login('amina');
    // The attacker knows (or guesses) the victim's client id and the id of a mutation the victim
    // will push later, and pushes a harmless change of its own under them first.
    const victimClient = randomUUID();
    const laterId = randomUUID();
    const decoy: Mutation = { kind: 'presence.set', state: 'Break', reason: null, since: new Date().toISOString() };
    expect((await pushAs(attacker.token, victimClient, [decoy], [laterId])).map((o) => o.status)).toEqual(['applied']);
    const noteId = randomUUID();
    const note: Mutation = { kind: 'note.append', noteId, callId: null, contactId: randomUUID(), body: 'customer asked for a refund', createdAt: new Date().toISOString() };
    // The victim's mutation is applied, not answered from the attacker's record.
    expect((await pushAs(victim.token, victimClient, [note], [laterId])).map((o) => o.status)).toEqual(['applied']);
    const stored = await db.query<{ agent_id: string }>('SELECT agent_id::text FROM notes WHERE id = $1', [noteId]);
    expect(stored.rows).toEqual([{ agent_id: victim.agentId }]);
    // Each agent's retry is still answered from its own record.
    expect((await pushAs(victim.token, victimClient, [note], [laterId])).map((o) => o.status)).toEqual(['duplicate']);
    expect((await pushAs(attacker.token, victimClient, [decoy], [laterId])).map((o) => o.status)).toEqual(['duplicate']);
  });

  it('forgets processed pushes after the retention period, and only those', async () => {
    const { token } = await login('amina');
    const clientId = randomUUID();
    const [oldId, recentId] = [randomUUID(), randomUUID()];
    const presence = (): Mutation => ({ kind: 'presence.set', state: 'Break', reason: null, since: new Date().toISOString() });
    expect((await pushAs(token, clientId, [presence(), presence()], [oldId, recentId])).map((o) => o.status)).toEqual(['applied', 'applied']);
    const processed = async () =>
      (await db.query<{ id: string }>('SELECT mutation_id::text AS id FROM processed_mutations WHERE client_id = $1 ORDER BY mutation_id', [clientId])).rows.map((r) => r.id);
    expect(await processed()).toEqual([oldId, recentId].sort());
    await db.query("UPDATE processed_mutations SET processed_at = now() - interval '91 days' WHERE mutation_id = $1", [oldId]);
    expect(await pruneProcessedMutations(db, 90)).toBeGreaterThanOrEqual(1);
    expect(await processed()).toEqual([recentId]);
    // The recent one still answers its retry from memory.
    expect((await pushAs(token, clientId, [presence()], [recentId])).map((o) => o.status)).toEqual(['duplicate']);
  });

  it('rejects what the rules refuse with a typed error, and applies the rest of the batch', async () => {
    const a = await login('amina');
    const b = await login('bilal');
    const callId = randomUUID();
    const now = new Date().toISOString();
    const call0: Mutation = {
      kind: 'call.upsert', callId, direction: 'inbound', localNumber: '100', remoteNumber: '+923001234567', contactId: null,
      startedAt: now, answeredAt: null, endedAt: null, endCause: null,
    };
    expect((await pushAs(a.token, randomUUID(), [call0]))[0]?.status).toBe('applied');
    const outcomes = await pushAs(b.token, randomUUID(), [
      { ...call0, endedAt: now },
      { kind: 'disposition.set', callId, code: 'sale', createdAt: now },
      { kind: 'contact.update', contactId: randomUUID(), changes: [{ field: 'company', value: 'X', baseVersion: 0 }] },
      { kind: 'presence.set', state: 'Available', reason: null, since: now },
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? o.error.code : o.status))).toEqual(['FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND', 'applied']);
    // A mutation that fails its schema is rejected alone, not the whole request.
    const bad = await call('/v1/push', {
      token: b.token,
      body: { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation: { kind: 'note.append', body: '' } }] },
    });
    expect(PushResponse.parse(bad.body).outcomes[0]).toMatchObject({ status: 'rejected', error: { code: 'INVALID_INPUT' } });
    // A malformed envelope is a 400 with a code.
    expect(await call('/v1/push', { token: b.token, body: { clientId: 'nope' } })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
  });

  it("keeps each call's hold time for AHT, and a late retry of an earlier state never shrinks it", async () => {
    const { token } = await login('amina');
    const callId = randomUUID();
    const now = new Date().toISOString();
    const call: Mutation = {
      kind: 'call.upsert', callId, direction: 'inbound', localNumber: '+18005550100', remoteNumber: '+923001234567', contactId: null,
      startedAt: now, answeredAt: now, endedAt: now, endCause: null, holdSeconds: 42,
    };
    expect((await pushAs(token, randomUUID(), [call]))[0]?.status).toBe('applied');
    expect((await pushAs(token, randomUUID(), [{ ...call, holdSeconds: 10 }]))[0]?.status).toBe('applied');
    const rows = await db.query<{ hold_seconds: number }>('SELECT hold_seconds FROM calls WHERE id = $1', [callId]);
    expect(rows.rows).toEqual([{ hold_seconds: 42 }]);
  });

  it('rejects a change the database refuses on its own, and still applies the rest of the batch', async () => {
    const { token } = await login('bilal');
    const contactId = randomUUID();
    const now = new Date().toISOString();
    // PostgreSQL has no year 0 (ISO 8601 does): the whole batch fails, the server isolates the
    // bad one. NUL in text, which PostgreSQL refuses too, is now refused by the schema first.
    const outcomes = await pushAs(token, randomUUID(), [
      { kind: 'contact.create', contactId, fields: contactFields('Nul') },
      { kind: 'note.append', noteId: randomUUID(), callId: null, contactId, body: 'year zero', createdAt: '0000-01-01T00:00:00Z' },
      { kind: 'note.append', noteId: randomUUID(), callId: null, contactId, body: 'fine', createdAt: now },
      { kind: 'note.append', noteId: randomUUID(), callId: null, contactId, body: 'bad \u0000 byte', createdAt: now },
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? o.error.code : o.status))).toEqual(['applied', 'SYNC_REJECTED', 'applied', 'INVALID_INPUT']);
    const notes = await db.query<{ body: string }>('SELECT body FROM notes WHERE contact_id = $1', [contactId]);
    expect(notes.rows).toEqual([{ body: 'fine' }]);
  });

  it('pages a pull and shows an agent only what it may see', async () => {
    const a = await login('amina');
    const b = await login('bilal');
    const clientId = randomUUID();
    const ids = Array.from({ length: 25 }, () => randomUUID());
    await pushAs(a.token, clientId, ids.map((contactId, i) => ({ kind: 'contact.create', contactId, fields: contactFields(`P${i}`) })));
    const callId = randomUUID();
    await pushAs(a.token, clientId, [
      { kind: 'call.upsert', callId, direction: 'outbound', localNumber: '100', remoteNumber: '+15550000000', contactId: null, startedAt: new Date().toISOString(), answeredAt: null, endedAt: null, endCause: null },
    ]);
    const seenByA = await pullAll(a.token, 0, 7);
    expect(seenByA.pages).toBeGreaterThan(3);
    const versions = seenByA.changes.map((c) => c.version);
    expect([...versions].sort((x, y) => x - y)).toEqual(versions);
    const contactIds = new Set(seenByA.changes.flatMap((c) => (c.entity === 'contact' ? [c.contact.id] : [])));
    for (const id of ids) expect(contactIds.has(id)).toBe(true);
    expect(seenByA.changes.some((c) => c.entity === 'call' && c.call.callId === callId)).toBe(true);
    const seenByB = await pullAll(b.token);
    expect(seenByB.changes.some((c) => c.entity === 'call' && c.call.callId === callId)).toBe(false);
    expect(seenByB.changes.filter((c) => c.entity === 'contact').length).toBe(seenByA.changes.filter((c) => c.entity === 'contact').length);
    // Nothing new after the cursor.
    expect((await pullAll(a.token, seenByA.cursor)).changes).toEqual([]);
  });

  it('merges contact edits field by field and keeps the losing value of a concurrent edit', async () => {
    const a = await login('amina');
    const b = await login('bilal');
    const contactId = randomUUID();
    await pushAs(a.token, randomUUID(), [{ kind: 'contact.create', contactId, fields: contactFields('Hina') }]);
    const { changes } = await pullAll(a.token);
    const base = changes.flatMap((c) => (c.entity === 'contact' && c.contact.id === contactId ? [c.contact] : []))[0];
    expect(base).toBeDefined();
    const v = base?.fieldVersions.firstName ?? -1;
    // Both edited from the same version: a different field each, and the same field.
    await pushAs(a.token, randomUUID(), [{ kind: 'contact.update', contactId, changes: [{ field: 'company', value: 'Zeta', baseVersion: v }, { field: 'firstName', value: 'Hina A', baseVersion: v }] }]);
    await pushAs(b.token, randomUUID(), [{ kind: 'contact.update', contactId, changes: [{ field: 'email', value: 'h@example.com', baseVersion: v }, { field: 'firstName', value: 'Hina B', baseVersion: v }] }]);
    const after = await pullAll(b.token);
    const final = after.changes.flatMap((c) => (c.entity === 'contact' && c.contact.id === contactId ? [c.contact] : []))[0];
    expect(final?.fields).toMatchObject({ firstName: 'Hina B', company: 'Zeta', email: 'h@example.com' });
    const history = after.changes.flatMap((c) => (c.entity === 'contact.history' && c.entry.contactId === contactId ? [c.entry] : []));
    expect(history).toEqual([expect.objectContaining({ field: 'firstName', losingValue: 'Hina A', winningValue: 'Hina B', losingAgentId: a.agentId, winningAgentId: b.agentId })]);
  });
});
