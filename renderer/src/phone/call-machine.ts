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

/** JsSIP's end causes, in words an agent reads in the history. */
export function describeEndCause(cause: string | null, answered: boolean): string {
  if (!cause) return answered ? 'Hung up' : 'Ended';
  switch (cause) {
    case 'Terminated':
    case 'Bye':
      return 'Hung up';
    case 'Canceled':
      return answered ? 'Hung up' : 'Cancelled';
    case 'Busy':
      return 'Busy';
    case 'Rejected':
      return 'Declined';
    case 'No Answer':
    case 'Expires':
      return 'No answer';
    case 'Unavailable':
    case 'Not Found':
      return 'Unavailable';
    case 'Address Incomplete':
      return 'Invalid number';
    case 'Connection Error':
    case 'Request Timeout':
    case 'RTP Timeout':
      return 'Connection lost';
    default:
      return cause;
  }
}
