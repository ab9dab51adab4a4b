import type { ErrorReason, WrapupRule, PresenceRequest, PresenceState } from '../../contract';

/**
 * Presence follows the agent's work: Busy while a call is live, Wrap-up while a finished call
 * still needs its wrap-up, and back to a ready state when the wrap-up is done. These functions
 * decide it from facts read off the store (is a call live, is a wrap-up open), so a crash, a
 * second call or a repeated event all land on the same answer; the caller applies it through
 * PresenceService.
 */

/** What the agent's work is right now, read from the store. */
export type WorkPhase = 'idle' | 'on-call' | 'wrap-up';

/** What the flow must remember across calls and restarts (kept in the settings table). */
export interface FlowMemory {
  /** The state the agent was in when the call started (Available, Break, …), or null when idle. */
  readonly preCall: PresenceState | null;
  /** A state the agent asked for during the call or wrap-up, honoured when it is done. */
  readonly next: PresenceRequest | null;
}

export const IDLE_MEMORY: FlowMemory = { preCall: null, next: null };

const WORK_STATES: readonly PresenceState[] = ['Busy', 'Wrap-up'];
/** States an agent picks on purpose to take no inbound calls: a call they place doesn't end them. */
const NOT_READY: readonly PresenceState[] = ['Break', 'Lunch', 'Training', 'Meeting'];

/**
 * Where the agent goes when the wrap-up is done: what they asked for during the call, else
 * back to the not-ready state they placed the call from (an agent on Break who rings a customer
 * back expects to still be on Break, not to get the next inbound call), else Available —
 * including after Offline, because an agent who just handled a call is working.
 */
export function stateAfterWork(memory: FlowMemory): PresenceRequest {
  if (memory.next) return memory.next;
  if (memory.preCall && NOT_READY.includes(memory.preCall)) return { state: memory.preCall, reason: null };
  return { state: 'Available', reason: null };
}

export interface FlowDecision {
  /** The presence to set, or null to leave it as it is. */
  readonly set: PresenceRequest | null;
  readonly memory: FlowMemory;
}

/** Presence for the work phase: called after every call event, wrap-up end and at start-up. */
export function presenceForWork(current: PresenceState, memory: FlowMemory, phase: WorkPhase): FlowDecision {
  switch (phase) {
    case 'on-call': {
      // The first call remembers where the agent came from; a second call (call waiting, a
      // call placed during wrap-up) keeps that, so the agent returns to where they started.
      const preCall = memory.preCall ?? (WORK_STATES.includes(current) ? 'Available' : current);
      return { set: current === 'Busy' ? null : { state: 'Busy', reason: null }, memory: { ...memory, preCall } };
    }
    case 'wrap-up': {
      const preCall = memory.preCall ?? (WORK_STATES.includes(current) ? 'Available' : current);
      return { set: current === 'Wrap-up' ? null : { state: 'Wrap-up', reason: null }, memory: { ...memory, preCall } };
    }
    case 'idle':
      if (WORK_STATES.includes(current)) return { set: stateAfterWork(memory), memory: IDLE_MEMORY };
      return { set: null, memory: IDLE_MEMORY };
  }
}

/** What to do with the agent asking for a presence state. */
export type RequestDecision =
  | { readonly kind: 'apply' }
  /** Remember it (or forget a remembered one) and leave presence as it is. */
  | { readonly kind: 'queue'; readonly memory: FlowMemory }
  /** Optional wrap-up: asking for Available leaves it (skip), then presence follows. */
  | { readonly kind: 'skip-wrapup'; readonly memory: FlowMemory }
  /** Refused (a CONFLICT): `reason` is the code the desk words for the agent, `message` is for IT and the log. */
  | { readonly kind: 'refuse'; readonly reason: ErrorReason; readonly message: string };

export function presenceRequest(
  request: PresenceRequest,
  memory: FlowMemory,
  phase: WorkPhase,
  wrapupPolicy: WrapupRule | null,
): RequestDecision {
  if (WORK_STATES.includes(request.state)) {
    return { kind: 'refuse', reason: 'PRESENCE_FOLLOWS_WORK', message: `${request.state} follows your calls and wrap-up; it can't be picked by hand.` };
  }
  if (phase === 'idle') return { kind: 'apply' };
  if (request.state !== 'Available') {
    // Honoured when the work is done, not now: leaving mid-call or mid-wrap-up would drop work.
    return { kind: 'queue', memory: { ...memory, next: request } };
  }
  if (phase === 'wrap-up' && wrapupPolicy?.mode === 'optional') return { kind: 'skip-wrapup', memory: { ...memory, next: request } };
  // Available while work is open: it never happens early. Asking for it takes back a Break
  // picked earlier in this call (the agent changed their mind); otherwise it is refused.
  if (memory.next) return { kind: 'queue', memory: { ...memory, next: null } };
  if (phase === 'on-call') {
    return { kind: 'refuse', reason: 'PRESENCE_ON_CALL', message: "You're on a call: you'll be Available again when the call and its wrap-up are done." };
  }
  return wrapupPolicy?.mode === 'timed'
    ? { kind: 'refuse', reason: 'PRESENCE_WRAPUP_TIMED', message: 'Wrap-up required: submit a disposition, or the wrap-up timer ends it.' }
    : { kind: 'refuse', reason: 'PRESENCE_WRAPUP_REQUIRED', message: 'Wrap-up required: submit a disposition before going Available.' };
}
