import { z } from 'zod';
import { PresenceState } from '../shared/presence-state';
import { method } from './define';


/** States an agent picks by hand; Busy and Wrap-up follow the phone and the wrap-up flow. */
export const SELECTABLE_PRESENCE: readonly PresenceState[] = [
  'Available',
  'Break',
  'Lunch',
  'Training',
  'Meeting',
  'Offline',
];

/** A state the agent asked for while on a call or in wrap-up: taken when the wrap-up is done. */
export const PresenceRequest = z.object({ state: PresenceState, reason: z.string().nullable() });
export type PresenceRequest = z.infer<typeof PresenceRequest>;

export const Presence = z.object({
  state: PresenceState,
  reason: z.string().nullable(),
  since: z.iso.datetime(),
  /** Busy or Wrap-up only: where presence goes when the wrap-up is done, if the agent picked it. */
  next: PresenceRequest.nullable().optional(),
});
export type Presence = z.infer<typeof Presence>;

export const presence = {
  get: method(z.object({}).strict(), Presence),
  /**
   * Busy and Wrap-up follow the phone and the wrap-up, so asking for them is refused (CONFLICT).
   * On a call or in wrap-up, a Break (Lunch, …, Offline) is kept in `next` and taken when the
   * wrap-up is done; Available is refused (CONFLICT) while a call is live or a mandatory or timed
   * wrap-up is open, and skips an optional wrap-up.
   */
  set: method(
    z
      .object({
        state: PresenceState,
        reason: z.string().trim().max(200).optional(),
      })
      .strict(),
    Presence,
  ),
} as const;

export const presenceEvents = {
  'presence.changed': Presence,
} as const;
