import { describe, expect, it } from 'vitest';
import { notReadyReason } from '../../src/core/phone/phone-service';

describe('why a preview dial is refused', () => {
  it('names what the agent can act on, not "go Available" to an agent who is', () => {
    // Available with no SIP server answering (the demo's normal case, a line cut).
    expect(notReadyReason({ registration: 'failed', failure: 'server-unreachable', activeCalls: 0 })).toBe('PHONE_SERVER_UNREACHABLE');
    expect(notReadyReason({ registration: 'connecting', failure: 'server-unreachable', activeCalls: 0 })).toBe('PHONE_SERVER_UNREACHABLE');
    // The registrar refused the account: only IT can fix it.
    for (const failure of ['wrong-password', 'rejected', 'no-password'] as const) {
      expect(notReadyReason({ registration: 'failed', failure, activeCalls: 0 })).toBe('PHONE_ACCOUNT_REFUSED');
    }
    // Not Ready (phone off) or still registering: going Available, or a moment, is the answer.
    expect(notReadyReason({ registration: 'unregistered', failure: null, activeCalls: 0 })).toBe('PHONE_NOT_REGISTERED');
    expect(notReadyReason({ registration: 'registering', failure: null, activeCalls: 0 })).toBe('PHONE_NOT_REGISTERED');
    expect(notReadyReason({ registration: 'registered', failure: null, activeCalls: 1 })).toBe('PHONE_CALL_IN_PROGRESS');
    expect(notReadyReason({ registration: 'registered', failure: null, activeCalls: 0 })).toBeNull();
  });
});
