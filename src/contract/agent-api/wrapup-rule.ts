import { z } from 'zod';

/**
 * Wrap-up rules (after-call work, ACW), set per campaign on the server, in the three modes agents
 * meet in other contact-center software:
 * - mandatory: the agent stays in Wrap-up until they submit a disposition;
 * - optional: they may skip it and go straight back to Available;
 * - timed: it ends after N seconds, with the campaign's timeout disposition if none was chosen.
 */
const unconnected = {
  /**
   * Whether a call the agent placed that never connected (no answer, busy, a failed dial, hung up
   * while ringing) needs a wrap-up too. Absent or false: it needs none, and the agent is ready at
   * once (issue 16 A6); a campaign that tracks every attempt with a disposition sets it.
   */
  wrapUpUnconnected: z.boolean().optional(),
};
export const WrapupRule = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('mandatory'), ...unconnected }),
  z.object({ mode: z.literal('optional'), ...unconnected }),
  z.object({ mode: z.literal('timed'), seconds: z.number().int().min(5).max(3600), timeoutDisposition: z.string().min(1).max(64), ...unconnected }),
]);
export type WrapupRule = z.infer<typeof WrapupRule>;

export const WrapupAllowance = z.object({
  /** Whether the agent may leave wrap-up without a disposition. */
  canSkip: z.boolean(),
  /** Seconds left before a timed wrap-up ends by itself; null when it never does. */
  remainingSeconds: z.number().int().nonnegative().nullable(),
  /** A timed wrap-up ran out: finish it with this disposition. */
  expiredWith: z.string().nullable(),
});
export type WrapupAllowance = z.infer<typeof WrapupAllowance>;

/** Pure: what the wrap-up allows at `now`, given when the call ended. Survives a restart because it is computed, not counted. */
export function wrapupAllowance(policy: WrapupRule, endedAt: Date, now: Date): WrapupAllowance {
  switch (policy.mode) {
    case 'mandatory':
      return { canSkip: false, remainingSeconds: null, expiredWith: null };
    case 'optional':
      return { canSkip: true, remainingSeconds: null, expiredWith: null };
    case 'timed': {
      const elapsed = Math.max(0, (now.getTime() - endedAt.getTime()) / 1000);
      const remaining = Math.max(0, Math.ceil(policy.seconds - elapsed));
      return { canSkip: false, remainingSeconds: remaining, expiredWith: remaining === 0 ? policy.timeoutDisposition : null };
    }
  }
}
