import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { AgentError, type ServerAgent, type SignInResponse } from '../contract';
import type { Sql } from './db';

/** Argon2id with OWASP's minimum memory cost: memory-hard, and still fast enough for sign-in. */
export const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const AgentRow = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string(),
  password_hash: z.string(),
});

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

export async function createAgent(
  db: Sql,
  input: { username: string; displayName: string; password: string; id?: string },
): Promise<ServerAgent> {
  const id = input.id ?? randomUUID();
  const passwordHash = await hash(input.password, ARGON2);
  await db.query(
    `INSERT INTO agents (id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash`,
    [id, input.username, input.displayName, passwordHash],
  );
  const { rows } = await db.query('SELECT id::text, username, display_name, password_hash FROM agents WHERE username = $1', [input.username]);
  const row = AgentRow.parse(rows[0]);
  return { id: row.id, username: row.username, displayName: row.display_name };
}

/** A dummy hash to verify against when the username is unknown, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | null = null;

export async function signIn(db: Sql, username: string, password: string): Promise<SignInResponse> {
  const { rows } = await db.query('SELECT id::text, username, display_name, password_hash FROM agents WHERE username = $1', [username]);
  const row = rows[0] === undefined ? null : AgentRow.parse(rows[0]);
  dummyHash ??= hash(randomBytes(16).toString('hex'), ARGON2);
  const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok) throw new AgentError('AUTH_FAILED', 'Wrong username or password.');
  const token = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (token_hash, agent_id) VALUES ($1, $2)', [tokenHash(token), row.id]);
  return { token, agent: { id: row.id, username: row.username, displayName: row.display_name } };
}

export async function signOut(db: Sql, token: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash(token)]);
}

/** The agent a bearer token belongs to, or UNAUTHORIZED. */
export async function authenticate(db: Sql, authorization: string | undefined): Promise<{ agent: ServerAgent; token: string }> {
  const match = /^Bearer ([A-Za-z0-9_-]{32,200})$/.exec(authorization ?? '');
  if (!match?.[1]) throw new AgentError('UNAUTHORIZED', 'Sign in to sync.');
  const token = match[1];
  const { rows } = await db.query(
    `SELECT a.id::text, a.username, a.display_name, a.password_hash FROM sessions s JOIN agents a ON a.id = s.agent_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
    [tokenHash(token)],
  );
  if (rows[0] === undefined) throw new AgentError('UNAUTHORIZED', 'The session has ended; sign in again.');
  const row = AgentRow.parse(rows[0]);
  return { agent: { id: row.id, username: row.username, displayName: row.display_name }, token };
}
