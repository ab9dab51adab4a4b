/** The sign-in throttle's pure rule (issue 15, A6): counting, windows, lockout and forgiveness. */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, countAttempt, forgiveAttempt, lockedForMs, type ThrottleState } from '../../src/server/sign-in-throttle';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const MIN = 60_000;

function attempts(n: number, at = T0): ThrottleState | null {
  let s: ThrottleState | null = null;
  for (let i = 0; i < n; i++) s = countAttempt(s, at, ACCOUNT_RULE);
  return s;
}

describe('sign-in throttle rule', () => {
  it('locks on the 5th attempt in the window, for 15 minutes from it', () => {
    expect(lockedForMs(attempts(4), T0)).toBe(0);
    expect(lockedForMs(attempts(5), T0)).toBe(15 * MIN);
    expect(lockedForMs(attempts(5), T0 + 14 * MIN)).toBe(MIN);
    expect(lockedForMs(attempts(5), T0 + 15 * MIN)).toBe(0);
  });

  it('starts a new window once the old one is over', () => {
    const old = attempts(4);
    const later = countAttempt(old, T0 + 15 * MIN, ACCOUNT_RULE);
    expect(later).toEqual({ attempts: 1, windowStart: T0 + 15 * MIN, lockedUntil: null });
  });

  it('gives an address back the attempt that succeeded', () => {
    const s = attempts(3) as ThrottleState;
    expect(forgiveAttempt(s).attempts).toBe(2);
    expect(forgiveAttempt({ ...s, attempts: 0 }).attempts).toBe(0);
  });
});
