import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { AgentError, type ServerAgent, type SignInResponse } from '../contract';
import type { Sql } from './db';
import { NOTIFY_SESSIONS_ENDED, type SessionCache } from './session-cache';
import { DEFAULT_SESSION_LIFETIME, judgeSession, type RevokedReason, type SessionLifetime } from './session-lifetime';

/** Argon2id with OWASP's minimum memory cost: memory-hard, and still fast enough for sign-in. */
export const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const AgentRow = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string(),
  password_hash: z.string(),
});

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

/** Adds an agent, or updates an existing username's display name and (if different) password. */
export async function createAgent(
  db: Sql,
  input: { username: string; displayName: string; password: string; id?: string },
): Promise<ServerAgent> {
  const existing = (await db.query('SELECT id::text, username, display_name, password_hash FROM agents WHERE username = $1', [input.username])).rows[0];
  if (existing !== undefined) {
    // An existing agent: the display name is updated; a different password is a password
    // change, which ends the agent's tokens (resetPassword). The same one (a demo re-seeded at
    // every start) leaves them be.
    const row = AgentRow.parse(existing);
    await db.query('UPDATE agents SET display_name = $2 WHERE id = $1', [row.id, input.displayName]);
    if (!(await verify(row.password_hash, input.password).catch(() => false))) await resetPassword(db, input.username, input.password);
    return { id: row.id, username: row.username, displayName: input.displayName };
  }
  const id = input.id ?? randomUUID();
  const passwordHash = await hash(input.password, ARGON2);
  await db.query(
    `INSERT INTO agents (id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash`,
    [id, input.username, input.displayName, passwordHash],
  );
  const { rows } = await db.query('SELECT id::text, username, display_name FROM agents WHERE username = $1', [input.username]);
  const row = AgentRow.omit({ password_hash: true }).parse(rows[0]);
  return { id: row.id, username: row.username, displayName: row.display_name };
}

/**
 * Sets an agent's password (the admin CLI's reset-password) and ends every token the agent
 * holds, on every workstation: the next request with one is SESSION_EXPIRED. NOT_FOUND for an
 * unknown username. Returns how many tokens were ended.
 */
export async function resetPassword(db: Sql, username: string, password: string): Promise<number> {
  const passwordHash = await hash(password, ARGON2);
  const { rows } = await db.query<{ found: boolean; ended: number }>(
    `WITH agent AS (UPDATE agents SET password_hash = $2 WHERE username = $1 RETURNING id),
     ended AS (
       UPDATE sessions SET revoked_at = now(), revoked_reason = 'password-changed'
       WHERE agent_id = (SELECT id FROM agent) AND revoked_at IS NULL RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM agent) AS found, (SELECT count(*)::int FROM ended) AS ended, ${NOTIFY_SESSIONS_ENDED}`,
    [username, passwordHash],
  );
  const r = rows[0];
  if (!r?.found) throw new AgentError('NOT_FOUND', `No agent is called "${username}".`);
  return r.ended;
}

/** A dummy hash to verify against when the username is unknown, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | null = null;

/**
 * Checks the password and issues a token, recorded (as its hash) with the workstation it was
 * issued to. AUTH_FAILED for a wrong username or password; DEVICE_REVOKED for a workstation IT
 * revoked (checked after the password, so it reveals nothing to a guesser).
 */
export async function signIn(db: Sql, username: string, password: string, device: { deviceId?: string | undefined; now?: Date } = {}): Promise<SignInResponse> {
  const { rows } = await db.query('SELECT id::text, username, display_name, password_hash FROM agents WHERE username = $1', [username]);
  const row = rows[0] === undefined ? null : AgentRow.parse(rows[0]);
  dummyHash ??= hash(randomBytes(16).toString('hex'), ARGON2);
  const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok) throw new AgentError('AUTH_FAILED', 'Wrong username or password.');
  const deviceId = device.deviceId ?? null;
  if (deviceId !== null && (await db.query('SELECT 1 FROM revoked_devices WHERE device_id = $1', [deviceId])).rows.length > 0) {
    throw new AgentError('DEVICE_REVOKED', "IT has revoked this workstation's access to the sync server; ask IT to restore it.");
  }
  const token = randomBytes(32).toString('base64url');
  const now = device.now ?? new Date();
  await db.query('INSERT INTO sessions (token_hash, agent_id, device_id, created_at, last_used_at) VALUES ($1, $2, $3, $4, $4)', [
    tokenHash(token),
    row.id,
    deviceId,
    now.toISOString(),
  ]);
  return { token, agent: { id: row.id, username: row.username, displayName: row.display_name } };
}

/** Ends a token; every instance's session cache forgets it (session-cache.ts). */
export async function signOut(db: Sql, token: string): Promise<void> {
  await db.query(
    `WITH ended AS (UPDATE sessions SET revoked_at = now(), revoked_reason = 'signed-out' WHERE token_hash = $1 AND revoked_at IS NULL RETURNING 1)
     SELECT ${NOTIFY_SESSIONS_ENDED} FROM ended`,
    [tokenHash(token)],
  );
}

/** The session cache's key of a token. */
export const sessionKey = (token: string): string => tokenHash(token).toString('hex');

export const SessionRow = AgentRow.omit({ password_hash: true }).extend({
  created_at: z.date(),
  last_used_at: z.date(),
  revoked_at: z.date().nullable(),
  revoked_reason: z.enum(['signed-out', 'password-changed', 'device-revoked']).nullable(),
  final_push_until: z.date().nullable(),
});
export type SessionRow = z.infer<typeof SessionRow>;

/**
 * The agent a bearer token belongs to, judged by session-lifetime.ts at `now`: UNAUTHORIZED
 * (unknown or signed out), SESSION_EXPIRED (idle, too old, password changed) or DEVICE_REVOKED.
 * A valid token's use renews its idle window (at most once a minute).
 *
 * `finalPush` (the push route only): a token ended by revoke-device is still accepted while its
 * device's `final_push_until` lasts (server migration 014), so a revoked workstation pushes
 * what it holds before it wipes itself (issue 15 B2); it never pulls or signs in again.
 *
 * `cache`: the session row is read from it when fresh (no database round trip) and judged at
 * `now` all the same; see session-cache.ts for how revocation reaches it.
 */
export async function authenticate(
  db: Sql,
  authorization: string | undefined,
  now: Date = new Date(),
  lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME,
  options: { readonly finalPush?: boolean; readonly cache?: SessionCache<SessionRow> } = {},
): Promise<{ agent: ServerAgent; token: string }> {
  const match = /^Bearer ([A-Za-z0-9_-]{32,200})$/.exec(authorization ?? '');
  if (!match?.[1]) throw new AgentError('UNAUTHORIZED', 'Sign in to sync.');
  const token = match[1];
  const key = sessionKey(token);
  let row = options.cache?.get(key);
  if (row === undefined) {
    const { rows } = await db.query(
      `SELECT a.id::text, a.username, a.display_name, s.created_at, s.last_used_at, s.revoked_at, s.revoked_reason,
              r.final_push_until
       FROM sessions s JOIN agents a ON a.id = s.agent_id LEFT JOIN revoked_devices r ON r.device_id = s.device_id
       WHERE s.token_hash = $1`,
      [tokenHash(token)],
    );
    if (rows[0] === undefined) throw new AgentError('UNAUTHORIZED', 'The session has ended; sign in again.');
    row = SessionRow.parse(rows[0]);
    options.cache?.set(key, row);
  }
  const verdict = judgeSession(
    { createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at, revokedReason: row.revoked_reason satisfies RevokedReason | null },
    now,
    lifetime,
  );
  const agent = { id: row.id, username: row.username, displayName: row.display_name };
  if (!verdict.ok) {
    const finalPush = options.finalPush === true && verdict.code === 'DEVICE_REVOKED' && row.final_push_until !== null && row.final_push_until > now;
    if (finalPush) return { agent, token };
    throw new AgentError(verdict.code, verdict.message);
  }
  if (verdict.renew) {
    await db.query('UPDATE sessions SET last_used_at = greatest(last_used_at, $2::timestamptz) WHERE token_hash = $1', [tokenHash(token), now.toISOString()]);
    options.cache?.update(key, { ...row, last_used_at: now > row.last_used_at ? now : row.last_used_at });
  }
  return { agent, token };
}
