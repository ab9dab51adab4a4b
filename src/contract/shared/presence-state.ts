import { z } from 'zod';

/** An agent's presence: Available takes calls; Break … Meeting are Not Ready; Busy and Wrap-up follow the call. */
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
