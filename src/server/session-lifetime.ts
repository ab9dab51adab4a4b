import type { ErrorCode } from '../contract';

/**
 * How long a sync token lives (issue 15 A5). Sliding: every use renews the idle window, so an
 * agent who works daily is never asked to sign in mid-shift; an unused token (a laptop left in
 * a drawer, a stolen one) ends after `idleMs`, and every token after `maxMs` whatever its use.
 */
export interface SessionLifetime {
  /** A token unused this long has ended (SYNC_SESSION_IDLE_DAYS, default 7 days). */
  readonly idleMs: number;
  /** No token lives longer than this from sign-in (SYNC_SESSION_MAX_DAYS, default 30 days). */
  readonly maxMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleMs: 7 * DAY_MS, maxMs: 30 * DAY_MS };

/**
 * Renewing writes a row; a token's last use is recorded at most this often, so a storm of pulls
 * is not a storm of session updates. The idle window is days, so a minute is no loss.
 */
export const RENEW_EVERY_MS = 60_000;

/** Why a token was ended before its time (sessions.revoked_reason). */
export type RevokedReason = 'signed-out' | 'password-changed' | 'device-revoked';

export interface SessionRecord {
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedReason: RevokedReason | null;
}

export type SessionVerdict =
  | { readonly ok: true; readonly renew: boolean }
  | { readonly ok: false; readonly code: Extract<ErrorCode, 'UNAUTHORIZED' | 'SESSION_EXPIRED' | 'DEVICE_REVOKED'>; readonly message: string };

const days = (ms: number) => Math.round(ms / DAY_MS);

/** Whether a token may be used at `now`, and whether to record this use (renew its idle window). */
export function judgeSession(s: SessionRecord, now: Date, lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME): SessionVerdict {
  if (s.revokedAt !== null) {
    switch (s.revokedReason) {
      case 'password-changed':
        return { ok: false, code: 'SESSION_EXPIRED', message: 'The password was changed; sign in again.' };
      case 'device-revoked':
        return { ok: false, code: 'DEVICE_REVOKED', message: "IT has revoked this workstation's access to the sync server; ask IT before signing in again." };
      default:
        return { ok: false, code: 'UNAUTHORIZED', message: 'The session has ended; sign in again.' };
    }
  }
  const t = now.getTime();
  if (t - s.createdAt.getTime() >= lifetime.maxMs) {
    return { ok: false, code: 'SESSION_EXPIRED', message: `Sessions last at most ${days(lifetime.maxMs)} days; sign in again.` };
  }
  if (t - s.lastUsedAt.getTime() >= lifetime.idleMs) {
    return { ok: false, code: 'SESSION_EXPIRED', message: `The session ended after ${days(lifetime.idleMs)} days without use; sign in again.` };
  }
  return { ok: true, renew: t - s.lastUsedAt.getTime() >= RENEW_EVERY_MS };
}
