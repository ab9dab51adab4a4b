import { z } from 'zod';
import { E164, Id, IsoTime } from './primitives';
import { CONTACT_COMPANY_MAX_LENGTH, CONTACT_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, TIMEZONE_MAX_LENGTH } from './text-limits';

/** One labelled number of a contact ("mobile", "work"), stored as E.164. */
export const PhoneEntry = z.object({
  label: z.string().trim().min(1).max(40),
  number: E164,
});
export type PhoneEntry = z.infer<typeof PhoneEntry>;

/**
 * An IANA time zone name (Asia/Karachi, America/Chicago, UTC) or '' for unknown: what the ICU
 * data in Node and Chromium accepts as a timeZone, and no UTC offset ("+05:00"), which is no zone.
 * Checked on both sides, so a name the server accepted is one every workstation can use.
 */
export const IanaTimeZone = z
  .string()
  .max(TIMEZONE_MAX_LENGTH)
  .refine((tz) => tz === '' || isIanaTimeZone(tz), 'is not an IANA time zone name (like Asia/Karachi)');

/**
 * Verdicts per zone name. Building an Intl.DateTimeFormat costs about a millisecond, and a
 * first sync validates 200,000 contacts that share a handful of zones: without this it was most
 * of the pull's CPU (issue 17). Bounded, since names come from outside.
 */
const zoneVerdicts = new Map<string, boolean>();

function isIanaTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  const known = zoneVerdicts.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    valid = true;
  } catch {
    valid = false;
  }
  if (zoneVerdicts.size >= 1000) zoneVerdicts.clear();
  zoneVerdicts.set(tz, valid);
  return valid;
}

/** The contact fields that merge one by one; a concurrent edit of one field never loses another. */
export const ContactFields = z.object({
  firstName: z.string().trim().max(CONTACT_NAME_MAX_LENGTH),
  lastName: z.string().trim().max(CONTACT_NAME_MAX_LENGTH),
  company: z.string().trim().max(CONTACT_COMPANY_MAX_LENGTH),
  email: z.union([z.literal(''), z.email().max(EMAIL_MAX_LENGTH)]),
  phones: z.array(PhoneEntry).max(20),
  /** IANA zone of the customer, for callbacks shown in their local time; '' when unknown. */
  timezone: IanaTimeZone,
  doNotCall: z.boolean(),
});
export type ContactFields = z.infer<typeof ContactFields>;
export type ContactField = keyof ContactFields;
export const CONTACT_FIELD_NAMES = Object.keys(ContactFields.shape) as ContactField[];
/** The field names as a zod enum, for messages that name one field. */
export const ContactFieldName = z.enum(CONTACT_FIELD_NAMES as [ContactField, ...ContactField[]]);

/**
 * A value that lost a concurrent edit of one contact field on the server, kept beside the value
 * that won so the customer panel can show both (the server's merge rule: the later push of a
 * field wins). Pulled as `contact.history` changes and read offline from the local store.
 */
export const ContactHistoryEntry = z.object({
  id: Id,
  contactId: Id,
  field: ContactFieldName,
  /** The field's value as JSON: a string, a boolean (doNotCall) or PhoneEntry[] (phones). */
  losingValue: z.unknown(),
  winningValue: z.unknown(),
  /** The agents whose pushes lost and won; null where the server no longer knows the agent. */
  losingAgentId: Id.nullable(),
  winningAgentId: Id.nullable(),
  recordedAt: IsoTime,
});
export type ContactHistoryEntry = z.infer<typeof ContactHistoryEntry>;
