import type { PresenceState } from '../src/contract';

/** What the agent is doing when a downloaded update could install, as the core reports it. */
export interface WorkNow {
  /** The agent's presence (Busy and Wrap-up follow the call). */
  presence: PresenceState;
  /** Calls in progress on the phone: dialing, ringing, active or held (`phone.status`). */
  activeCalls: number;
  /** A call whose wrap-up is not submitted yet (`wrapup.current` is not null). */
  openWrapup: boolean;
}

export type RestartDecision = { restart: true } | { restart: false; reason: 'call' | 'wrap-up' };

/**
 * The update policy's rule: the app never restarts to install an update during a call or a
 * wrap-up — not while a call is dialing, ringing, connected or held, not while presence says
 * Busy or Wrap-up, and not while a call still waits for its wrap-up. Otherwise it may.
 */
export function restartForUpdate(w: WorkNow): RestartDecision {
  if (w.activeCalls > 0 || w.presence === 'Busy') return { restart: false, reason: 'call' };
  if (w.openWrapup || w.presence === 'Wrap-up') return { restart: false, reason: 'wrap-up' };
  return { restart: true };
}
