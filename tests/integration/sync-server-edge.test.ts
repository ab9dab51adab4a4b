/**
 * The sync server's edge on PostgreSQL (issue 15, A6 and A8): guessing is locked out per
 * account and per address, with Retry-After, until the lockout's time is up; unauthenticated
 * bodies are small and read only after authentication; input PostgreSQL cannot store (U+0000,
 * lone surrogates) and time zones that are no IANA names are 400s and rejected changes, not 503s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PushResponse, SignInResponse } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { PUSH_BODY_LIMIT, startSyncServer, UNAUTHENTICATED_BODY_LIMIT, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { ACCOUNT_RULE, ADDRESS_RULE } from '../../src/server/sign-in-throttle';
import { createTestDatabase } from '../support/sync-postgres';

const opened: Array<{ db: SyncDb; server: SyncServer }> = [];
afterEach(async () => {
  for (const { db, server } of opened.splice(0)) {
    await server.close();
    await db.close();
  }
});

/** A fresh server on a fresh database, with a clock the test moves. */
async function freshServer() {
  const db = connectPostgres(await createTestDatabase('throttle'), silentLogger);
  let now = Date.parse('2026-11-30T09:00:00Z');
  const server = await startSyncServer({ db, log: silentLogger, clock: () => now });
  opened.push({ db, server });
  for (const u of ['hina', 'omar']) await createAgent(db, { username: u, displayName: u, password: `${u}-pw` });
  const signIn = async (username: string, password: string) => {
    const res = await fetch(`${server.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string; message: string } } };
  };
  return { server, signIn, advance: (ms: number) => (now += ms) };
}

describe('sign-in throttle', () => {
  it('locks an account after 5 wrong passwords, even for the right one, until the lockout ends', async () => {
    const { signIn, advance } = await freshServer();
    for (let i = 0; i < ACCOUNT_RULE.maxAttempts; i++) expect((await signIn('hina', 'guess' + i)).status).toBe(401);
    const locked = await signIn('hina', 'hina-pw');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('15 minutes') });
    expect(Number(locked.retryAfter)).toBe(ACCOUNT_RULE.lockoutMs / 1000);
    // Another account from the same address is not locked by hina's guesses.
    expect((await signIn('omar', 'omar-pw')).status).toBe(200);

    advance(ACCOUNT_RULE.lockoutMs - 60_000);
    expect((await signIn('hina', 'hina-pw')).status).toBe(429);
    advance(60_000);
    const after = await signIn('hina', 'hina-pw');
    expect(after.status).toBe(200);
    SignInResponse.parse(after.body);
  });

  it('a successful sign-in clears the account count', async () => {
    const { signIn } = await freshServer();
    for (let i = 0; i < ACCOUNT_RULE.maxAttempts - 1; i++) expect((await signIn('hina', 'typo')).status).toBe(401);
    expect((await signIn('hina', 'hina-pw')).status).toBe(200);
    for (let i = 0; i < ACCOUNT_RULE.maxAttempts - 1; i++) expect((await signIn('hina', 'typo')).status).toBe(401);
    expect((await signIn('hina', 'hina-pw')).status).toBe(200);
  });

  it('locks an address that tries many usernames, whatever the username', async () => {
    const { signIn } = await freshServer();
    for (let i = 0; i < ADDRESS_RULE.maxAttempts; i++) expect((await signIn(`user${i}`, 'password1')).status).toBe(401);
    const locked = await signIn('omar', 'omar-pw');
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('RATE_LIMITED');
  });

  it('parallel guesses cannot outrun the count', async () => {
    const { signIn } = await freshServer();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn('hina', `burst${i}`)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(ACCOUNT_RULE.maxAttempts);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(12 - ACCOUNT_RULE.maxAttempts);
  });
});

describe('body limits', () => {
  it('refuses a sign-in body over the small limit with 413', async () => {
    const { server } = await freshServer();
    const res = await fetch(`${server.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'hina', password: 'x'.repeat(UNAUTHENTICATED_BODY_LIMIT) }),
    });
    expect(res.status).toBe(413);
  });

  it('authenticates a push before reading its body, and takes a large body only from a signed-in agent', async () => {
    const { server, signIn } = await freshServer();
    const big = '{' + ' '.repeat(2 * 1024 * 1024);
    // Not even valid JSON: unauthenticated, it is refused before it is read (401, not 400).
    const anonymous = await fetch(`${server.url}/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(anonymous.status).toBe(401);
    const { body } = await signIn('hina', 'hina-pw');
    const token = SignInResponse.parse(body).token;
    const mutations = Array.from({ length: 200 }, (_, i) => ({
      mutationId: crypto.randomUUID(),
      mutation: { kind: 'presence.set', state: 'Available', reason: 'x'.repeat(200), since: new Date(Date.UTC(2026, 10, 30, 9, 0, i)).toISOString() },
    }));
    const payload = JSON.stringify({ clientId: crypto.randomUUID(), mutations });
    expect(payload.length).toBeGreaterThan(UNAUTHENTICATED_BODY_LIMIT);
    expect(payload.length).toBeLessThan(PUSH_BODY_LIMIT);
    const pushed = await fetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: payload,
    });
    expect(pushed.status).toBe(200);
  });
});

describe('input the database cannot store', () => {
  it('a username with U+0000 or a lone surrogate is a 400, not a 503', async () => {
    const { signIn } = await freshServer();
    expect(await signIn('hina\u0000', 'hina-pw')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await signIn('hina\ud800', 'hina-pw')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
  });

  it('a pushed change with such text, or a time zone that is no IANA name, is rejected on its own', async () => {
    const { server, signIn } = await freshServer();
    const token = SignInResponse.parse((await signIn('omar', 'omar-pw')).body).token;
    const contact = (firstName: string, timezone: string) => ({
      mutationId: crypto.randomUUID(),
      mutation: {
        kind: 'contact.create',
        contactId: crypto.randomUUID(),
        fields: { firstName, lastName: 'Shah', company: '', email: '', phones: [], timezone, doNotCall: false },
      },
    });
    const res = await fetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        clientId: crypto.randomUUID(),
        mutations: [contact('Zai\u0000nab', 'Asia/Karachi'), contact('Zai\udc00nab', 'Asia/Karachi'), contact('Zainab', 'Mars/Olympus'), contact('Zainab', 'Asia/Karachi')],
      }),
    });
    expect(res.status).toBe(200);
    const { outcomes } = PushResponse.parse(await res.json());
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
    expect(outcomes[2]).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('IANA') } });
  });
});
