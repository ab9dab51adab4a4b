import { z } from 'zod';
import { AgentErrorShape } from './errors';
import { PresenceState } from './presence';

/**
 * The sync protocol between the local core and the sync server: the mutations a client pushes
 * (each born as an outbox row in the same transaction as the local change) and the changes it
 * pulls. Both sides validate with these schemas.
 */

export const Id = z.uuid();
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +923001234567');
export const IsoTime = z.iso.datetime({ offset: true });

export const PhoneEntry = z.object({
  label: z.string().trim().min(1).max(40),
  number: E164,
});
export type PhoneEntry = z.infer<typeof PhoneEntry>;

/** The contact fields that merge one by one; a concurrent edit of one field never loses another. */
export const ContactFields = z.object({
  firstName: z.string().trim().max(100),
  lastName: z.string().trim().max(100),
  company: z.string().trim().max(200),
  email: z.union([z.literal(''), z.email().max(320)]),
  phones: z.array(PhoneEntry).max(20),
  /** IANA zone of the customer, for callbacks shown in their local time. */
  timezone: z.string().max(64),
  doNotCall: z.boolean(),
});
export type ContactFields = z.infer<typeof ContactFields>;
export type ContactField = keyof ContactFields;
export const CONTACT_FIELD_NAMES = Object.keys(ContactFields.shape) as ContactField[];

export const CallDirection = z.enum(['inbound', 'outbound']);

export const Mutation = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('contact.create'),
    contactId: Id,
    fields: ContactFields,
  }),
  z.object({
    kind: z.literal('contact.update'),
    contactId: Id,
    /** Only the fields the agent changed, each with the server version it was edited from. */
    changes: z
      .array(
        z.object({
          field: z.enum(CONTACT_FIELD_NAMES as [ContactField, ...ContactField[]]),
          value: z.unknown(),
          baseVersion: z.number().int().nonnegative(),
        }),
      )
      .min(1),
  }),
  z.object({
    kind: z.literal('call.upsert'),
    callId: Id,
    direction: CallDirection,
    localNumber: z.string().max(64),
    remoteNumber: z.string().max(64),
    contactId: Id.nullable(),
    startedAt: IsoTime,
    answeredAt: IsoTime.nullable(),
    endedAt: IsoTime.nullable(),
    endCause: z.string().max(100).nullable(),
  }),
  z.object({
    kind: z.literal('note.append'),
    noteId: Id,
    callId: Id.nullable(),
    contactId: Id.nullable(),
    body: z.string().min(1).max(20_000),
    createdAt: IsoTime,
  }),
  z.object({
    kind: z.literal('disposition.set'),
    callId: Id,
    code: z.string().min(1).max(64),
    createdAt: IsoTime,
  }),
  z.object({
    kind: z.literal('callback.schedule'),
    callbackId: Id,
    contactId: Id,
    callId: Id.nullable(),
    dueAt: IsoTime,
    note: z.string().max(2000),
  }),
  z.object({
    kind: z.literal('presence.set'),
    state: PresenceState,
    reason: z.string().max(200).nullable(),
    since: IsoTime,
  }),
]);
export type Mutation = z.infer<typeof Mutation>;
export type MutationKind = Mutation['kind'];

export const PushRequest = z.object({
  clientId: Id,
  mutations: z
    .array(z.object({ mutationId: Id, mutation: Mutation }))
    .min(1)
    .max(1000),
});
export type PushRequest = z.infer<typeof PushRequest>;

/** Per mutation: applied now, applied before (a retry), or rejected for good with a reason. */
export const PushOutcome = z.discriminatedUnion('status', [
  z.object({ mutationId: Id, status: z.literal('applied') }),
  z.object({ mutationId: Id, status: z.literal('duplicate') }),
  z.object({ mutationId: Id, status: z.literal('rejected'), error: AgentErrorShape }),
]);
export type PushOutcome = z.infer<typeof PushOutcome>;
export const PushResponse = z.object({ outcomes: z.array(PushOutcome) });
export type PushResponse = z.infer<typeof PushResponse>;
