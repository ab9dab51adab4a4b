import { describe, expect, it } from 'vitest';
import { AfterCallWorkPolicy, afterCallWorkStatus } from '../../src/contract/agent-api/after-call-work';

const ended = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number) => new Date(ended.getTime() + seconds * 1000);

describe('after-call work modes', () => {
  it('mandatory: never ends by itself and cannot be skipped', () => {
    expect(afterCallWorkStatus({ mode: 'mandatory' }, ended, at(3600))).toEqual({ canSkip: false, remainingSeconds: null, expiredWith: null });
  });

  it('optional: may be skipped at once', () => {
    expect(afterCallWorkStatus({ mode: 'optional' }, ended, at(0)).canSkip).toBe(true);
  });

  it('timed: counts down from the end of the call and expires with the timeout disposition', () => {
    const policy = { mode: 'timed', seconds: 60, timeoutDisposition: 'WRAPUP_TIMEOUT' } as const;
    expect(afterCallWorkStatus(policy, ended, at(0))).toEqual({ canSkip: false, remainingSeconds: 60, expiredWith: null });
    expect(afterCallWorkStatus(policy, ended, at(59.2)).remainingSeconds).toBe(1);
    expect(afterCallWorkStatus(policy, ended, at(60))).toEqual({ canSkip: false, remainingSeconds: 0, expiredWith: 'WRAPUP_TIMEOUT' });
    // After a crash the countdown resumes from the call's end, not from the restart.
    expect(afterCallWorkStatus(policy, ended, at(600)).expiredWith).toBe('WRAPUP_TIMEOUT');
    // A clock that went backwards does not give extra time beyond the policy.
    expect(afterCallWorkStatus(policy, ended, at(-30)).remainingSeconds).toBe(60);
  });

  it('refuses a policy the server should never send', () => {
    for (const bad of [{ mode: 'timed', seconds: 0, timeoutDisposition: 'X' }, { mode: 'timed', seconds: 30 }, { mode: 'forever' }]) {
      expect(AfterCallWorkPolicy.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
