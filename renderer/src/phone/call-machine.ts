import type { CallEvent } from '../../../src/contract';

/**
 * One call's life as data. The engine feeds it JsSIP's session events and the agent's
 * actions; the call log and the UI follow the phases that come out.
 */
export type CallPhase = 'dialing' | 'ringing' | 'incoming' | 'answering' | 'active' | 'ended';
export type CallSignal = 'progress' | 'answer' | 'accepted' | 'confirmed' | 'ended' | 'failed';
export type CallDirection = 'inbound' | 'outbound';

export const CALL_TRANSITIONS: Readonly<Record<CallPhase, Partial<Record<CallSignal, CallPhase>>>> = {
  dialing: { progress: 'ringing', accepted: 'active', confirmed: 'active', failed: 'ended', ended: 'ended' },
  ringing: { accepted: 'active', confirmed: 'active', failed: 'ended', ended: 'ended' },
  incoming: { answer: 'answering', accepted: 'active', confirmed: 'active', failed: 'ended', ended: 'ended' },
  answering: { accepted: 'active', confirmed: 'active', failed: 'ended', ended: 'ended' },
  active: { ended: 'ended', failed: 'ended' },
  ended: {},
};

/** The call log entry written when a call enters a phase: its row exists from the first ring. */
export const CALL_LOG_ON_ENTER: Readonly<Partial<Record<CallPhase, CallEvent>>> = {
  dialing: 'ringing',
  incoming: 'ringing',
  active: 'answered',
  ended: 'ended',
};

export const initialPhase = (direction: CallDirection): CallPhase => (direction === 'outbound' ? 'dialing' : 'incoming');

export function nextPhase(phase: CallPhase, signal: CallSignal): CallPhase {
  return CALL_TRANSITIONS[phase][signal] ?? phase;
}

/** A call that still holds a line: it counts for the tray and for call waiting. */
export const isLive = (phase: CallPhase): boolean => phase !== 'ended';
