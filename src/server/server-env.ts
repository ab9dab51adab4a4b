import { z } from 'zod';

/**
 * The sync server process's settings from its environment (main.ts; each documented in the
 * README's sync server table), checked with zod at start: a bad value stops the server with an
 * error naming the variable, before it touches the database. Unset (or empty) variables are
 * undefined here and keep the defaults of the code that uses them (db.ts, app.ts, …).
 */

/** A whole number ≥ min given as text. */
const whole = (min: number, unit: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${unit} ≥ ${min}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be a whole number of ${unit} ≥ ${min}`).max(Number.MAX_SAFE_INTEGER, 'is too large'));

const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

export const ServerEnv = z.object({
  DATABASE_URL: optional(z.string().min(1)),
  PORT: optional(whole(0, 'a TCP port').pipe(z.number().max(65_535, 'must be a TCP port (0–65535)'))),
  HOST: optional(z.string().min(1)),
  PROCESSED_MUTATION_RETENTION_DAYS: optional(whole(1, 'days')),
  SYNC_PUSH_POOL_SIZE: optional(whole(1, 'connections')),
  SYNC_QUERY_POOL_SIZE: optional(whole(1, 'connections')),
  SYNC_DB_CONNECT_TIMEOUT_MS: optional(whole(0, 'ms')),
  SYNC_STATEMENT_TIMEOUT_MS: optional(whole(0, 'ms')),
  SYNC_IDLE_IN_TRANSACTION_TIMEOUT_MS: optional(whole(0, 'ms')),
  SYNC_POKE_COALESCE_MS: optional(whole(0, 'ms')),
  SYNC_PUSHES_IN_FLIGHT: optional(whole(1, 'pushes')),
  SYNC_TOKEN_CACHE_MS: optional(whole(0, 'ms')),
  SYNC_SESSION_IDLE_DAYS: optional(whole(1, 'days')),
  SYNC_SESSION_MAX_DAYS: optional(whole(1, 'days')),
  CONSOLE_LAG_AFTER_MS: optional(whole(1000, 'ms')),
  SYNC_SHUTDOWN_GRACE_MS: optional(whole(0, 'ms')),
  SYNC_GLOBAL_PUSH_LOCK: optional(z.enum(['0', '1'], 'must be 1 (the benchmark baseline) or 0')),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

/** How long the server process trusts a token check's session row by default, ms (session-cache.ts). */
export const DEFAULT_TOKEN_CACHE_MS = 5_000;

/** The settings in `env`; throws an Error whose message names the first bad variable and what it must be. */
export function readServerEnv(env: Readonly<Record<string, string | undefined>>): ServerEnv {
  const r = ServerEnv.safeParse(env);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  throw new Error(`${name} ${issue?.message ?? 'is not valid'}, not "${env[name] ?? ''}"`);
}
