import { z } from 'zod';
import { method } from './define';
import { CallDirection, E164, Id, IsoTime } from '../shared/primitives';

/**
 * One step of a call as the phone engine reports it. on-hold / resumed: the agent put the customer
 * on hold or took them off it (not the far end holding us); they make the call's hold time.
 */
export const CallEvent = z.enum(['ringing', 'answered', 'on-hold', 'resumed', 'ended']);
export type CallEvent = z.infer<typeof CallEvent>;

/**
 * How a finished call went, in the field's terms (renderer/src/phone/calls/call-outcome.ts has the
 * rules): answered (connected, however it ended), missed (rang out), abandoned (the caller gave up
 * while it rang), declined (the called side refused), failed (something broke before it connected).
 */
export const CallOutcome = z.enum(['answered', 'missed', 'abandoned', 'declined', 'failed']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const CallRecord = z.object({
  id: Id,
  direction: CallDirection,
  /**
   * Our end of the call. Outbound: the agent's own number (the account's user part). Inbound:
   * the number the customer dialed (DNIS), as the PBX sends it (P-Called-Party-ID, else the To
   * header, else the Request-URI), which tells the campaign or queue the call came in on.
   */
  localNumber: z.string(),
  /** The other party's number as signalled (ANI on inbound calls). */
  remoteNumber: z.string(),
  /** The remote number normalized, when it is a phone number. */
  remoteE164: E164.nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  startedAt: IsoTime,
  answeredAt: IsoTime.nullable(),
  endedAt: IsoTime.nullable(),
  endCause: z.string().nullable(),
  /** How the call went, once it ended; null while live, and for calls logged before outcomes were recorded. Synced with the call (call.upsert). */
  outcome: CallOutcome.nullable(),
  /** The campaign the agent was working when the call rang or was placed. */
  campaignId: z.string().nullable(),
  /** The disposition code the wrap-up gave the call, once submitted. */
  disposition: z.string().nullable(),
  /**
   * Whole seconds the agent held the customer, summed over every hold → resume (a hold still
   * open when the call ends counts up to the end). Part of AHT: talk + hold + after-call work.
   */
  holdSeconds: z.number().int().min(0),
});
export type CallRecord = z.infer<typeof CallRecord>;

export const LogCallEventInput = z
  .object({
    callId: Id,
    direction: CallDirection,
    /** Outbound: the agent's number; inbound: the dialed number (DNIS). See CallRecord.localNumber. */
    localNumber: z.string().trim().max(64),
    remoteNumber: z.string().trim().min(1).max(64),
    event: CallEvent,
    at: IsoTime,
    endCause: z.string().trim().min(1).max(100).optional(),
    outcome: CallOutcome.optional(),
  })
  .strict()
  .refine((e) => e.endCause === undefined || e.event === 'ended', { message: 'endCause belongs to an ended event', path: ['endCause'] })
  .refine((e) => e.outcome === undefined || e.event === 'ended', { message: 'outcome belongs to an ended event', path: ['outcome'] });
export type LogCallEventInput = z.infer<typeof LogCallEventInput>;

/** The end cause, in the agent's words, of a call that died with the workstation (calls.endOrphans). */
export const WORKSTATION_RESTARTED = 'Workstation restarted';

/**
 * The end cause of an incoming call the phone refused (486) because the agent was Not Ready
 * (Break, Lunch, …): the agent never had the chance to answer, so it is not a missed call.
 */
export const REFUSED_NOT_READY = 'Refused — you were not ready';

export const calls = {
  /** The phone engine reports each step of a call; the call row and its outbox row commit together. */
  logEvent: method(LogCallEventInput, CallRecord),
  /**
   * The phone engine, each time it (re)connects to the core, names the calls it still holds.
   * Every call this workstation logged that is not ended and not among them died with the
   * workstation (the host or the window was killed): it is ended now with the cause
   * WORKSTATION_RESTARTED, so it gets an end time and its wrap-up instead of a phantom Busy.
   * Returns the calls it ended.
   */
  endOrphans: method(z.object({ liveCallIds: z.array(Id).max(20) }).strict(), z.array(CallRecord)),
  /** Newest first. */
  history: method(
    z
      .object({
        limit: z.number().int().min(1).max(500).default(50),
        contactId: Id.optional(),
        before: IsoTime.optional(),
      })
      .strict(),
    z.array(CallRecord),
  ),
} as const;

export const callsEvents = {
  'calls.updated': CallRecord,
} as const;
