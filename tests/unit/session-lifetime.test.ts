/** The sync token's lifetime rule (src/server/session-lifetime.ts): sliding idle window, a maximum, revocation reasons. */
import { expect, it } from 'vitest';
import { judgeSession, RENEW_EVERY_MS, type SessionRecord } from '../../src/server/session-lifetime';

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date('2026-11-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const lifetime = { idleMs: 7 * DAY, maxMs: 30 * DAY };
const live = (lastUsed: number): SessionRecord => ({ createdAt: t0, lastUsedAt: at(lastUsed), revokedAt: null, revokedReason: null });

it('renews a token in use, at most once a minute', () => {
  expect(judgeSession(live(0), at(1000), lifetime)).toEqual({ ok: true, renew: false });
  expect(judgeSession(live(0), at(RENEW_EVERY_MS), lifetime)).toEqual({ ok: true, renew: true });
});

it('ends a token unused for the idle window, whenever it was last used', () => {
  expect(judgeSession(live(0), at(7 * DAY - 1), lifetime).ok).toBe(true);
  expect(judgeSession(live(0), at(7 * DAY), lifetime)).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
  expect(judgeSession(live(20 * DAY), at(26 * DAY), lifetime).ok).toBe(true);
});

it('ends every token at the maximum lifetime, however often used', () => {
  expect(judgeSession(live(30 * DAY - 1000), at(30 * DAY), lifetime)).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
});

it('says why a revoked token ended', () => {
  const revoked = (reason: SessionRecord['revokedReason']): SessionRecord => ({ ...live(0), revokedAt: t0, revokedReason: reason });
  expect(judgeSession(revoked('signed-out'), t0, lifetime)).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
  expect(judgeSession(revoked('password-changed'), t0, lifetime)).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
  expect(judgeSession(revoked('device-revoked'), t0, lifetime)).toMatchObject({ ok: false, code: 'DEVICE_REVOKED' });
});
