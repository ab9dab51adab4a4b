import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { AgentError, ConsoleRole, type ConsoleAccount } from '../../contract';
import { ARGON2 } from '../auth';
import type { Sql } from '../db';

/**
 * Supervisors' and admins' accounts and their console sessions. Passwords are argon2id with the
 * agents' parameters (auth.ts); a session is a random 256-bit value whose SHA-256 is stored, so a
 * database dump lets nobody in. Agents' bearer tokens live in another table and never open the
 * console (console-routes.ts answers them 403).
 */

/** A shift and its overtime: a console left open overnight asks to sign in again. */
export const CONSOLE_SESSION_HOURS = 12;

const AccountRow = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string(),
  password_hash: z.string(),
  role: ConsoleRole,
});
type AccountRow = z.infer<typeof AccountRow>;

const toAccount = (r: AccountRow): ConsoleAccount => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role });
const tokenHash = (token: string) => createHash('sha256').update(token).digest();

/** Adds (or, by username, updates) a supervisor or an admin. */
export async function createConsoleAccount(
  db: Sql,
  input: { username: string; displayName: string; password: string; role: ConsoleRole; id?: string },
): Promise<ConsoleAccount> {
  const passwordHash = await hash(input.password, ARGON2);
  const { rows } = await db.query(
    `INSERT INTO console_accounts (id, username, display_name, password_hash, role) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash, role = excluded.role
     RETURNING id::text, username, display_name, password_hash, role`,
    [input.id ?? randomUUID(), input.username, input.displayName, passwordHash, input.role],
  );
  return toAccount(AccountRow.parse(rows[0]));
}

let dummyHash: Promise<string> | null = null;

/** A new console session for the account, or AUTH_FAILED (same time whether or not the username exists). */
export async function consoleSignIn(db: Sql, username: string, password: string): Promise<{ token: string; account: ConsoleAccount }> {
  const { rows } = await db.query('SELECT id::text, username, display_name, password_hash, role FROM console_accounts WHERE username = $1', [username]);
  const row = rows[0] === undefined ? null : AccountRow.parse(rows[0]);
  dummyHash ??= hash(randomBytes(16).toString('hex'), ARGON2);
  const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok) throw new AgentError('AUTH_FAILED', 'Wrong username or password.');
  const token = randomBytes(32).toString('base64url');
  await db.query(`INSERT INTO console_sessions (token_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`, [
    tokenHash(token),
    row.id,
    CONSOLE_SESSION_HOURS,
  ]);
  return { token, account: toAccount(row) };
}

export async function consoleSignOut(db: Sql, token: string): Promise<void> {
  await db.query('UPDATE console_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash(token)]);
}

/** The account of a live console session, or UNAUTHORIZED. */
export async function consoleAccountOf(db: Sql, token: string | null): Promise<ConsoleAccount> {
  if (token === null || !/^[A-Za-z0-9_-]{32,200}$/.test(token)) throw new AgentError('UNAUTHORIZED', 'Sign in to the console.');
  const { rows } = await db.query(
    `SELECT a.id::text, a.username, a.display_name, a.password_hash, a.role FROM console_sessions s JOIN console_accounts a ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [tokenHash(token)],
  );
  if (rows[0] === undefined) throw new AgentError('UNAUTHORIZED', 'The console session has ended; sign in again.');
  return toAccount(AccountRow.parse(rows[0]));
}
