import { describe, expect, it } from 'vitest';
import {
  CALL_LOG_ON_ENTER,
  CALL_TRANSITIONS,
  initialPhase,
  nextPhase,
  type CallPhase,
  type CallSignal,
} from '../../renderer/src/phone/call-machine';
import { describeEndCause } from '../../renderer/src/phone/end-cause';

const walk = (from: CallPhase, signals: CallSignal[]) => {
  const phases: CallPhase[] = [from];
  for (const s of signals) phases.push(nextPhase(phases[phases.length - 1]!, s));
  return phases;
};
/** The call log lines a walk writes: one on every phase entered that logs. */
const logOf = (phases: CallPhase[]) =>
  phases.filter((p, i) => i === 0 || p !== phases[i - 1]).flatMap((p) => (CALL_LOG_ON_ENTER[p] ? [CALL_LOG_ON_ENTER[p]] : []));

describe('phone call machine', () => {
  it('outbound: dialing → ringing → active → ended logs ringing, answered, ended once each', () => {
    const phases = walk(initialPhase('outbound'), ['progress', 'progress', 'accepted', 'confirmed', 'ended']);
    expect(phases).toEqual(['dialing', 'ringing', 'ringing', 'active', 'active', 'ended']);
    expect(logOf(phases)).toEqual(['ringing', 'answered', 'ended']);
  });

  it('inbound answered: incoming → answering → active', () => {
    expect(walk(initialPhase('inbound'), ['answer', 'accepted', 'confirmed', 'ended'])).toEqual([
      'incoming',
      'answering',
      'active',
      'active',
      'ended',
    ]);
  });

  it('a missed or declined call is logged ringing then ended, never answered', () => {
    expect(logOf(walk('incoming', ['failed']))).toEqual(['ringing', 'ended']);
    expect(logOf(walk('dialing', ['progress', 'failed']))).toEqual(['ringing', 'ended']);
  });

  it('ended is final', () => {
    for (const s of ['progress', 'answer', 'accepted', 'confirmed', 'ended', 'failed'] as const) expect(nextPhase('ended', s)).toBe('ended');
    expect(CALL_TRANSITIONS.ended).toEqual({});
  });

  it('a late answer click cannot resurrect a call, and progress after answer is ignored', () => {
    expect(nextPhase('active', 'answer')).toBe('active');
    expect(nextPhase('active', 'progress')).toBe('active');
  });

  it('end causes read as words', () => {
    expect(describeEndCause('Busy', false)).toBe('Busy');
    expect(describeEndCause('Canceled', false)).toBe('Cancelled');
    expect(describeEndCause('Terminated', true)).toBe('Hung up');
    expect(describeEndCause(null, false)).toBe('Ended');
  });
});
