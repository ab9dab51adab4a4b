/**
 * A short-lived copy of the session rows token checks read (auth.ts `authenticate()`), so an
 * agent's pushes and pulls, a few a second, do not each cost a database round trip for the
 * token (issue 12: the push's fixed per-request cost). What it keeps is the row, not a verdict:
 * every use is still judged at its own time (session-lifetime.ts), so idle and maximum
 * lifetimes and a revoked device's final-push window end exactly when they did.
 *
 * Revocation is honoured within a bound:
 * - a sign-out on this instance forgets its token at once (`forget`);
 * - sign-out, revoke-device and reset-password elsewhere (another instance, the admin CLI)
 *   NOTIFY SESSIONS_CHANNEL in their own statement; every instance empties its cache when the
 *   notification arrives (milliseconds after the commit), and again after its listening
 *   connection was lost and re-established (notifications may have been missed);
 * - anything else (a session row changed by hand in SQL) is seen after at most `ttlMs`
 *   (SYNC_TOKEN_CACHE_MS, default 5000 in the server process; 0 turns the cache off).
 */

/** NOTIFY channel: some token was ended; instances empty their session caches. */
export const SESSIONS_CHANNEL = 'sync_sessions';

/** The SQL a revoking statement adds to its select list, so the NOTIFY commits with it. */
export const NOTIFY_SESSIONS_ENDED = `pg_notify('${SESSIONS_CHANNEL}', '')`;

/** Entries kept at most: past it the oldest go (a flood of distinct tokens cannot grow memory). */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

interface Entry<R> {
  readonly row: R;
  /** Monotonic ms (performance.now) after which the row is read again. */
  readonly until: number;
}

export class SessionCache<R> {
  private readonly entries = new Map<string, Entry<R>>();

  /** `ttlMs`: how long a row is trusted, real (monotonic) ms, whatever clock the server judges sessions by. */
  constructor(
    readonly ttlMs: number,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** The cached row of a token's hash (hex), or undefined when absent or older than ttlMs. */
  get(key: string): R | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (this.monotonicNow() >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    return e.row;
  }

  /** Keeps a row read from the database now (its ttl counts from now). */
  set(key: string, row: R): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { row, until: this.monotonicNow() + this.ttlMs });
    if (this.entries.size > SESSION_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Replaces a cached row (a renewal recorded its new last use) without extending its ttl. */
  update(key: string, row: R): void {
    const e = this.entries.get(key);
    if (e !== undefined) this.entries.set(key, { row, until: e.until });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
