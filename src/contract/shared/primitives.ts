import { z } from 'zod';

/**
 * The value types every part of the contract speaks in — the agent API, the sync server's wire
 * protocol and the transports — each defined once.
 */

/** A record's id: a UUID (RFC 9562), generated where the record is born (client or server). */
export const Id = z.uuid();

/** A phone number in E.164 form (ITU-T E.164: `+`, country code, at most 15 digits). */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +923001234567');

/** A moment as ISO 8601 with its UTC offset, e.g. `2026-11-30T18:47:26.000Z`. */
export const IsoTime = z.iso.datetime({ offset: true });

/** Who placed the call: the customer (inbound) or the agent (outbound). */
export const CallDirection = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirection>;

/** A promised callback's life: scheduled at wrap-up, then done (the agent called back) or cancelled. */
export const CallbackStatus = z.enum(['scheduled', 'done', 'cancelled']);
export type CallbackStatus = z.infer<typeof CallbackStatus>;
