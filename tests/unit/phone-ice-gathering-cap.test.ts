import { describe, expect, it } from 'vitest';
import { describeEndCause, MEDIA_RELAY_UNREACHABLE } from '../../renderer/src/phone/end-cause';
import { gatherCapDecision, type GatherSeen } from '../../renderer/src/phone/media/ice-gathering-cap';

const NONE: GatherSeen = { enough: false, relay: false, any: false };
const HOST: GatherSeen = { enough: false, relay: false, any: true };
const RELAY: GatherSeen = { enough: true, relay: true, any: true };
const RELAY_ONLY = { relayOnly: true };
const ALL = { relayOnly: false };

describe('the ICE gathering cap, from the start of gathering (issue 11 fault 6)', () => {
  it('relay-only with no relay candidate: waits past the cap, fails the call at the relay deadline or when gathering ends', () => {
    expect(gatherCapDecision(RELAY_ONLY, NONE, 'cap', false)).toBe('wait');
    expect(gatherCapDecision(RELAY_ONLY, NONE, 'relay-deadline', false)).toBe('fail');
    // Chrome gave up on the TURN server (or it refused at once): still no silent call.
    expect(gatherCapDecision(RELAY_ONLY, NONE, 'complete', false)).toBe('fail');
  });

  it('relay-only with a relay candidate sends', () => {
    for (const moment of ['cap', 'relay-deadline', 'complete'] as const) expect(gatherCapDecision(RELAY_ONLY, RELAY, moment, false)).toBe('send');
  });

  it('never ends a connected call for a re-offer (hold, ICE restart) whose gathering found no relay', () => {
    expect(gatherCapDecision(RELAY_ONLY, NONE, 'cap', true)).toBe('wait');
    expect(gatherCapDecision(RELAY_ONLY, NONE, 'relay-deadline', true)).toBe('wait');
    expect(gatherCapDecision(RELAY_ONLY, NONE, 'complete', true)).toBe('send');
  });

  it('any policy: at the cap sends what has arrived; with nothing yet it can only wait', () => {
    expect(gatherCapDecision(ALL, HOST, 'cap', false)).toBe('send');
    expect(gatherCapDecision(ALL, NONE, 'cap', false)).toBe('wait');
    expect(gatherCapDecision(ALL, NONE, 'complete', false)).toBe('send');
  });

  it('the agent reads the cause in words, never the engine constant', () => {
    expect(describeEndCause(MEDIA_RELAY_UNREACHABLE, false)).toBe('Failed — the media relay is unreachable');
  });
});
