/**
 * Wall-clock time and one-shot timers for the core's own deadlines (a timed wrap-up running
 * out, a callback coming due). Injectable so tests can run those deadlines on a fake clock
 * instead of sleeping; the deadlines themselves are always computed from stored times, so a
 * timer only says "look again now", never "this much time has passed".
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` after about `ms` milliseconds; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    // A pending deadline must not keep a closing host alive.
    t.unref();
    return () => clearTimeout(t);
  },
};
