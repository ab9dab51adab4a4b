import type { CallEvent } from '../../contract';

/** A call's hold bookkeeping as stored: the total so far and the hold in progress, if any. */
export interface HoldTime {
  /** Milliseconds held, summed over finished holds. */
  readonly holdMs: number;
  /** When the hold in progress began (ISO, UTC), or null. */
  readonly heldSince: string | null;
}

export const NO_HOLD: HoldTime = { holdMs: 0, heldSince: null };

/**
 * The hold time after one step of the call at `at` (ISO). on-hold starts a hold (a repeat while
 * held changes nothing); resumed and ended close the hold in progress and add it to the total.
 * A clock that ran backwards adds nothing rather than subtracting.
 */
export function holdAfter(hold: HoldTime, event: CallEvent, at: string): HoldTime {
  if (event === 'on-hold') return hold.heldSince === null ? { ...hold, heldSince: at } : hold;
  if ((event === 'resumed' || event === 'ended') && hold.heldSince !== null) {
    const interval = Date.parse(at) - Date.parse(hold.heldSince);
    return { holdMs: hold.holdMs + Math.max(0, interval), heldSince: null };
  }
  return hold;
}

/** The total shown on the call record: whole seconds, rounded. */
export const holdSecondsOf = (holdMs: number): number => Math.round(holdMs / 1000);
