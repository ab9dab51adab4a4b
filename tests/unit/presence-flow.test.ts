/** Presence following the agent's work: the pure decisions, without a store or a clock. */
import { describe, expect, it } from 'vitest';
import type { PresenceState } from '../../src/contract';
import { IDLE_MEMORY, presenceForWork, presenceRequest, stateAfterWork, type FlowMemory } from '../../src/core/presence/presence-flow';

const memory = (preCall: PresenceState | null, next: FlowMemory['next'] = null): FlowMemory => ({ preCall, next });

describe('presence follows the call', () => {
  it('goes Busy when a call is live, remembering where the agent was', () => {
    expect(presenceForWork('Available', IDLE_MEMORY, 'on-call')).toEqual({ set: { state: 'Busy', reason: null }, memory: memory('Available') });
    expect(presenceForWork('Break', IDLE_MEMORY, 'on-call')).toEqual({ set: { state: 'Busy', reason: null }, memory: memory('Break') });
  });

  it('goes to Wrap-up when the call ends, keeping the pre-call state', () => {
    expect(presenceForWork('Busy', memory('Available'), 'wrap-up')).toEqual({ set: { state: 'Wrap-up', reason: null }, memory: memory('Available') });
  });

  it('returns to Available when the wrap-up is done', () => {
    expect(presenceForWork('Wrap-up', memory('Available'), 'idle')).toEqual({ set: { state: 'Available', reason: null }, memory: IDLE_MEMORY });
  });

  it('returns an agent who called out from Break to Break, and an Offline one to Available', () => {
    expect(presenceForWork('Wrap-up', memory('Break'), 'idle').set).toEqual({ state: 'Break', reason: null });
    expect(presenceForWork('Wrap-up', memory('Offline'), 'idle').set).toEqual({ state: 'Available', reason: null });
  });

  it('honours a state asked for during the work once it is done', () => {
    expect(presenceForWork('Wrap-up', memory('Available', { state: 'Lunch', reason: 'late lunch' }), 'idle').set).toEqual({
      state: 'Lunch',
      reason: 'late lunch',
    });
  });

  it('a second call during wrap-up goes Busy again but still returns to where the first started', () => {
    const busy = presenceForWork('Wrap-up', memory('Training'), 'on-call');
    expect(busy).toEqual({ set: { state: 'Busy', reason: null }, memory: memory('Training') });
    expect(stateAfterWork(busy.memory)).toEqual({ state: 'Training', reason: null });
  });

  it('changes nothing when presence already matches (repeated events, restarts)', () => {
    expect(presenceForWork('Busy', memory('Available'), 'on-call').set).toBeNull();
    expect(presenceForWork('Wrap-up', memory('Available'), 'wrap-up').set).toBeNull();
    expect(presenceForWork('Break', IDLE_MEMORY, 'idle')).toEqual({ set: null, memory: IDLE_MEMORY });
  });

  it('after a crash that lost the memory, Wrap-up is restored and ends in Available', () => {
    const restored = presenceForWork('Wrap-up', IDLE_MEMORY, 'wrap-up');
    expect(restored).toEqual({ set: null, memory: memory('Available') });
    expect(presenceForWork('Wrap-up', restored.memory, 'idle').set).toEqual({ state: 'Available', reason: null });
  });
});

describe('what the agent asks for', () => {
  const mandatory = { mode: 'mandatory' } as const;
  const optional = { mode: 'optional' } as const;
  const timed = { mode: 'timed', seconds: 30, timeoutDisposition: 'TIMEOUT' } as const;

  it('applies at once when there is no work open', () => {
    expect(presenceRequest({ state: 'Break', reason: null }, IDLE_MEMORY, 'idle', null)).toEqual({ kind: 'apply' });
  });

  it('never lets the agent pick Busy or Wrap-up', () => {
    for (const state of ['Busy', 'Wrap-up'] as const) {
      expect(presenceRequest({ state, reason: null }, IDLE_MEMORY, 'idle', null)).toMatchObject({ kind: 'refuse', reason: 'PRESENCE_FOLLOWS_WORK' });
    }
  });

  it('refuses Available during a mandatory or timed wrap-up and on a call', () => {
    const m = memory('Available');
    // The reason is the code the desk words for the agent; the renderer never re-derives it.
    expect(presenceRequest({ state: 'Available', reason: null }, m, 'wrap-up', mandatory)).toMatchObject({
      kind: 'refuse',
      reason: 'PRESENCE_WRAPUP_REQUIRED',
      message: expect.stringMatching(/Wrap-up required/),
    });
    expect(presenceRequest({ state: 'Available', reason: null }, m, 'wrap-up', timed)).toMatchObject({ kind: 'refuse', reason: 'PRESENCE_WRAPUP_TIMED' });
    expect(presenceRequest({ state: 'Available', reason: null }, m, 'wrap-up', null)).toMatchObject({ kind: 'refuse', reason: 'PRESENCE_WRAPUP_REQUIRED' });
    expect(presenceRequest({ state: 'Available', reason: null }, m, 'on-call', null)).toMatchObject({
      kind: 'refuse',
      reason: 'PRESENCE_ON_CALL',
      message: expect.stringMatching(/on a call/),
    });
  });

  it('Available skips an optional wrap-up', () => {
    expect(presenceRequest({ state: 'Available', reason: null }, memory('Break'), 'wrap-up', optional)).toEqual({
      kind: 'skip-wrapup',
      memory: memory('Break', { state: 'Available', reason: null }),
    });
  });

  it('queues Break (and the rest) during work, and Available takes a queued Break back', () => {
    const queued = presenceRequest({ state: 'Break', reason: 'prayer' }, memory('Available'), 'wrap-up', mandatory);
    expect(queued).toEqual({ kind: 'queue', memory: memory('Available', { state: 'Break', reason: 'prayer' }) });
    expect(presenceRequest({ state: 'Offline', reason: null }, memory('Available'), 'on-call', null).kind).toBe('queue');
    const withdrawn = presenceRequest({ state: 'Available', reason: null }, memory('Available', { state: 'Break', reason: null }), 'wrap-up', mandatory);
    expect(withdrawn).toEqual({ kind: 'queue', memory: memory('Available') });
  });
});
