import type { CallView } from '../phone/phone-store';

/** What a call shortcut does to which call; null when no call fits (nothing happens). */
export type CallCommand =
  | { readonly op: 'answer' | 'decline' | 'hangup' | 'hold' | 'resume'; readonly callId: string }
  | { readonly op: 'mute'; readonly callId: string; readonly muted: boolean };

/**
 * The call the agent is talking on: connected and not held by us, else the newest connected
 * one, else the newest being set up (dialing, ringing out, answering). With a consultation call
 * up, that is the consultation (the first call is held), as with a desk phone's line keys.
 */
export function currentCall(calls: readonly CallView[]): CallView | null {
  const live = calls.filter((c) => c.phase !== 'ended' && c.phase !== 'incoming');
  const active = live.filter((c) => c.phase === 'active');
  return active.findLast((c) => !c.held) ?? active.at(-1) ?? live.at(-1) ?? null;
}

/**
 * The one place a call shortcut (the desk's keys, or Electron's system-wide ones) picks its
 * call. Answer and Decline take the call ringing longest (first come, first answered); Hang up,
 * Hold and Mute the current call. Hold on a held call resumes it; Mute toggles.
 */
export function callCommand(action: 'answer' | 'decline' | 'hangup' | 'hold' | 'mute', calls: readonly CallView[]): CallCommand | null {
  if (action === 'answer' || action === 'decline') {
    const ringing = calls.find((c) => c.phase === 'incoming');
    return ringing ? { op: action, callId: ringing.id } : null;
  }
  const call = currentCall(calls);
  if (!call) return null;
  if (action === 'hangup') return { op: 'hangup', callId: call.id };
  if (call.phase !== 'active') return null;
  if (action === 'hold') return { op: call.held ? 'resume' : 'hold', callId: call.id };
  return { op: 'mute', callId: call.id, muted: !call.muted };
}
