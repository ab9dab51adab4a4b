import type { CallRecord } from '../../../src/contract';

/**
 * Which call the customer panel follows: the live calls the core has reported, in the order they
 * started, and the one the panel shows. Pure, so every direction (inbound, outbound, preview,
 * callback, click-to-dial, transfer) goes through the same rule.
 *
 * Rule: the panel shows the newest live call. When it ends and an earlier call is still live
 * (the held customer after a consultation call), the panel returns to that one. When the last
 * live call ends, the panel keeps the customer of the call that ended, for its wrap-up.
 */
export interface FollowedCalls {
  /** Live calls (not ended), oldest first. */
  readonly live: readonly CallRecord[];
}

export const NO_CALLS: FollowedCalls = { live: [] };

/** The calls after one `calls.updated`; `show` is the call the panel should now show, or null to leave it. */
export function followCall(state: FollowedCalls, call: CallRecord): { state: FollowedCalls; show: CallRecord | null } {
  const before = state.live.at(-1) ?? null;
  const others = state.live.filter((c) => c.id !== call.id);
  const known = others.length !== state.live.length;
  const live = call.endedAt === null ? (known ? state.live.map((c) => (c.id === call.id ? call : c)) : [...others, call]) : others;
  const after = live.at(-1) ?? null;
  const show = after && after.id !== before?.id ? after : null;
  return { state: { live }, show };
}
