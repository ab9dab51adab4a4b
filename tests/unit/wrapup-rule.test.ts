import { describe, expect, it } from 'vitest';
import { WrapupRule, wrapupAllowance } from '../../src/contract/agent-api/wrapup-rule';

const ended = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number) => new Date(ended.getTime() + seconds * 1000);

describe('after-call work modes', () => {
  it('mandatory: never ends by itself and cannot be skipped', () => {
    expect(wrapupAllowance({ mode: 'mandatory' }, ended, at(3600))).toEqual({ canSkip: false, remainingSeconds: null, expiredWith: null });
  });

  it('optional: may be skipped at once', () => {
    expect(wrapupAllowance({ mode: 'optional' }, ended, at(0)).canSkip).toBe(true);
  });

  it('timed: counts down from the end of the call and expires with the timeout disposition', () => {
    const policy = { mode: 'timed', seconds: 60, timeoutDisposition: 'WRAPUP_TIMEOUT' } as const;
    expect(wrapupAllowance(policy, ended, at(0))).toEqual({ canSkip: false, remainingSeconds: 60, expiredWith: null });
    expect(wrapupAllowance(policy, ended, at(59.2)).remainingSeconds).toBe(1);
    expect(wrapupAllowance(policy, ended, at(60))).toEqual({ canSkip: false, remainingSeconds: 0, expiredWith: 'WRAPUP_TIMEOUT' });
    // After a crash the countdown resumes from the call's end, not from the restart.
    expect(wrapupAllowance(policy, ended, at(600)).expiredWith).toBe('WRAPUP_TIMEOUT');
    // A clock that went backwards does not give extra time beyond the policy.
    expect(wrapupAllowance(policy, ended, at(-30)).remainingSeconds).toBe(60);
  });

  it('refuses a policy the server should never send', () => {
    for (const bad of [{ mode: 'timed', seconds: 0, timeoutDisposition: 'X' }, { mode: 'timed', seconds: 30 }, { mode: 'forever' }]) {
      expect(WrapupRule.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
