import { z } from 'zod';
import { method } from './define';

export const PresenceState = z.enum([
  'Available',
  'Busy',
  'Wrap-up',
  'Break',
  'Lunch',
  'Training',
  'Meeting',
  'Offline',
]);
export type PresenceState = z.infer<typeof PresenceState>;

/** States an agent picks by hand; Busy and Wrap-up follow the phone and the wrap-up flow. */
export const SELECTABLE_PRESENCE: readonly PresenceState[] = [
  'Available',
  'Break',
  'Lunch',
  'Training',
  'Meeting',
  'Offline',
];

export const Presence = z.object({
  state: PresenceState,
  reason: z.string().nullable(),
  since: z.iso.datetime(),
});
export type Presence = z.infer<typeof Presence>;

export const presence = {
  get: method(z.object({}).strict(), Presence),
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
