import { AgentError } from '../contract';
import type { Sql, SyncDb } from './db';

/**
 * How many sign-in attempts one key (an account, or an address) may make in a window before it
 * is locked out. Attempts are counted before the password is checked, so a burst of parallel
 * guesses cannot outrun the count; a successful sign-in gives its attempt back.
 */
export interface ThrottleRule {
  readonly maxAttempts: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
}

const MINUTE = 60_000;

/**
 * Per account: 5 failed attempts in 15 minutes lock it for 15 minutes (OWASP Authentication
 * Cheat Sheet, "Account Lockout"; NIST SP 800-63B §5.2.2 allows at most 100). Per address: 20,
 * so one home router shared by a family of agents is not locked by one forgetful agent, while
 * an address trying many usernames is.
 */
export const ACCOUNT_RULE: ThrottleRule = { maxAttempts: 5, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE };
export const ADDRESS_RULE: ThrottleRule = { maxAttempts: 20, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE };

/** One key's count; times in ms since the epoch. */
export interface ThrottleState {
  readonly attempts: number;
  readonly windowStart: number;
  readonly lockedUntil: number | null;
}

/** Milliseconds the key stays locked at `now`; 0 when it may try. */
export function lockedForMs(state: ThrottleState | null, now: number): number {
  return state?.lockedUntil != null && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

/** The state after one more attempt at `now`: a new window once the old one is over. */
export function countAttempt(state: ThrottleState | null, now: number, rule: ThrottleRule): ThrottleState {
  const fresh = state === null || now - state.windowStart >= rule.windowMs;
  const attempts = fresh ? 1 : state.attempts + 1;
  return {
    attempts,
    windowStart: fresh ? now : state.windowStart,
    lockedUntil: attempts >= rule.maxAttempts ? now + rule.lockoutMs : (state?.lockedUntil ?? null),
  };
}

/** An address whose sign-in succeeded gets that attempt back (the account's count simply ends). */
export function forgiveAttempt(state: ThrottleState): ThrottleState {
  return { ...state, attempts: Math.max(0, state.attempts - 1) };
}

/** RATE_LIMITED, with how long to wait (the HTTP answer's Retry-After). */
export class SignInLocked extends AgentError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super('RATE_LIMITED', `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
}

export interface SignInKeys {
  readonly account: string;
  readonly address: string;
}

interface Row {
  key: string;
  attempts: number;
  window_start: Date;
  locked_until: Date | null;
}

const toState = (r: Row | undefined): ThrottleState | null =>
  r === undefined ? null : { attempts: r.attempts, windowStart: r.window_start.getTime(), lockedUntil: r.locked_until?.getTime() ?? null };

async function save(tx: Sql, key: string, state: ThrottleState | null): Promise<void> {
  if (state === null) {
    await tx.query('DELETE FROM sign_in_throttle WHERE key = $1', [key]);
    return;
  }
  await tx.query(
    `INSERT INTO sign_in_throttle (key, attempts, window_start, locked_until) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET attempts = excluded.attempts, window_start = excluded.window_start, locked_until = excluded.locked_until`,
    [key, state.attempts, new Date(state.windowStart), state.lockedUntil === null ? null : new Date(state.lockedUntil)],
  );
}

/**
 * The sign-in throttle over the sync database, shared by every server instance on it. Rows of
 * keys whose window and lockout are both over are deleted as attempts come in.
 */
export class SignInThrottle {
  constructor(
    private readonly db: SyncDb,
    private readonly clock: () => number = Date.now,
    private readonly rules: { readonly account: ThrottleRule; readonly address: ThrottleRule } = { account: ACCOUNT_RULE, address: ADDRESS_RULE },
  ) {}

  static keys(username: string, address: string): SignInKeys {
    return { account: `account:${username}`, address: `address:${address}` };
  }

  /**
   * Counts an attempt for both keys, or throws RATE_LIMITED (nothing counted) while either is
   * locked. Call before checking the password.
   */
  async attempt(keys: SignInKeys): Promise<void> {
    const now = this.clock();
    const locked = await this.db.transaction(async (tx) => {
      const longest = Math.max(this.rules.account.windowMs, this.rules.account.lockoutMs, this.rules.address.windowMs, this.rules.address.lockoutMs);
      await tx.query('DELETE FROM sign_in_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $2)', [new Date(now - longest), new Date(now)]);
      // Both rows are written in the same order by every attempt: no deadlock between two.
      await tx.query(`INSERT INTO sign_in_throttle (key, attempts, window_start) VALUES ($1, 0, $3), ($2, 0, $3) ON CONFLICT (key) DO NOTHING`, [
        keys.account,
        keys.address,
        new Date(now),
      ]);
      const { rows } = await tx.query<Row>('SELECT key, attempts, window_start, locked_until FROM sign_in_throttle WHERE key = ANY($1) ORDER BY key FOR UPDATE', [
        [keys.account, keys.address],
      ]);
      const account = toState(rows.find((r) => r.key === keys.account));
      const address = toState(rows.find((r) => r.key === keys.address));
      const wait = Math.max(lockedForMs(account, now), lockedForMs(address, now));
      if (wait > 0) return wait;
      await save(tx, keys.account, countAttempt(account, now, this.rules.account));
      await save(tx, keys.address, countAttempt(address, now, this.rules.address));
      return 0;
    }, 'query');
    if (locked > 0) throw new SignInLocked(Math.ceil(locked / 1000));
  }

  /** A successful sign-in: the account's count ends, the address gets its attempt back. */
  async succeeded(keys: SignInKeys): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<Row>('SELECT key, attempts, window_start, locked_until FROM sign_in_throttle WHERE key = $1 FOR UPDATE', [keys.address]);
      const address = toState(rows[0]);
      await save(tx, keys.account, null);
      if (address) await save(tx, keys.address, forgiveAttempt(address));
    }, 'query');
  }
}
