import { z } from 'zod';
import { method } from './define';
import { CallbackStatus, E164, Id, IsoTime } from '../shared/primitives';

/**
 * Callbacks the agent promised customers: scheduled at wrap-up (wrapup.complete), listed here
 * soonest first, reminded when due, and closed as done or cancelled (synced to the server).
 */

export const UpcomingCallback = z.object({
  id: Id,
  contactId: Id,
  /** The contact's name (or company), as the CRM shows it. */
  contactName: z.string(),
  /** The number a click-to-dial uses: the contact's first phone; null when they have none. */
  number: E164.nullable(),
  /** The customer's IANA zone, for their local time beside the agent's; '' when unknown. */
  timezone: z.string(),
  callId: Id.nullable(),
  dueAt: IsoTime,
  note: z.string(),
  status: CallbackStatus,
});
export type UpcomingCallback = z.infer<typeof UpcomingCallback>;

const CallbackRef = z.object({ callbackId: Id }).strict();

export const callbacks = {
  /** The agent's scheduled callbacks, soonest (and overdue) first. */
  upcoming: method(z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(), z.array(UpcomingCallback)),
  /** The agent called the customer back; refused with CONFLICT when it is no longer scheduled. */
  markDone: method(CallbackRef, UpcomingCallback),
  /** The callback is no longer wanted; refused with CONFLICT when it is no longer scheduled. */
  cancel: method(CallbackRef, UpcomingCallback),
} as const;

export const callbacksEvents = {
  /** A scheduled callback came due (emitted once per callback per run of the core, and again after a restart while it is still open). */
  'callbacks.due': UpcomingCallback,
  /** The list changed (scheduled, done, cancelled): lists reload. */
  'callbacks.changed': z.object({}),
} as const;
