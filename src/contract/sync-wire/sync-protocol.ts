import { z } from 'zod';
import { ContactFieldName, ContactFields, ContactHistoryEntry } from '../shared/contact-fields';
import { CallOutcome } from '../agent-api/calls';
import { AgentErrorShape } from '../shared/errors';
import { PresenceState } from '../shared/presence-state';
import { refuseUnstorableText } from '../shared/storable-text';
import { CallbackStatus, CallDirection, E164, Id, IsoTime } from '../shared/primitives';
import { CALLBACK_NOTE_MAX_LENGTH, NOTE_MAX_LENGTH, ScriptAnswerMap } from '../shared/text-limits';

/** A supervisor's message: a notice, not a document. */
export const MESSAGE_MAX_LENGTH = 1000;
/** An agent's reply to one: a line. */
export const MESSAGE_REPLY_MAX_LENGTH = 280;

/**
 * The sync protocol between the local core and the sync server: the mutations a client pushes
 * (each born as an outbox row in the same transaction as the local change) and the changes it
 * pulls. Both sides validate with these schemas.
 */


/** A call's state as the client pushes it and the server hands it back. */
const CallFields = z.object({
  direction: CallDirection,
  localNumber: z.string().max(64),
  remoteNumber: z.string().max(64),
  contactId: Id.nullable(),
  startedAt: IsoTime,
  answeredAt: IsoTime.nullable(),
  endedAt: IsoTime.nullable(),
  endCause: z.string().max(100).nullable(),
  /** The campaign the call was worked under, for supervisors' reports (absent from older clients). */
  campaignId: z.string().max(64).nullable().optional(),
  /** Whole seconds the agent held the customer (calls.ts CallRecord.holdSeconds); absent from older clients. */
  holdSeconds: z.number().int().min(0).optional(),
  /**
   * How the call went (calls.ts CallOutcome: answered, missed, abandoned, declined, failed), once it
   * ended; `endCause` says why, in the agent's words, which for a failed call is its failure cause.
   * Null while live; absent from workstations older than outcomes, whose calls the KPIs read from
   * answeredAt as before (console/kpis.ts).
   */
  outcome: CallOutcome.nullable().optional(),
});

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
          field: ContactFieldName,
          value: z.unknown(),
          baseVersion: z.number().int().nonnegative(),
        }),
      )
      .min(1),
  }),
  z.object({ kind: z.literal('call.upsert'), callId: Id, ...CallFields.shape }),
  z.object({
    kind: z.literal('note.append'),
    noteId: Id,
    callId: Id.nullable(),
    contactId: Id.nullable(),
    body: z.string().min(1).max(NOTE_MAX_LENGTH),
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
    note: z.string().max(CALLBACK_NOTE_MAX_LENGTH),
  }),
  z.object({
    /** The agent called the customer back, or the callback is no longer wanted. */
    kind: z.literal('callback.status'),
    callbackId: Id,
    status: CallbackStatus.exclude(['scheduled']),
    at: IsoTime,
  }),
  z.object({
    kind: z.literal('presence.set'),
    state: PresenceState,
    reason: z.string().max(200).nullable(),
    since: IsoTime,
  }),
  z.object({
    /** The agent dialed or skipped a campaign lead; sent again with callId once the call is logged. */
    kind: z.literal('lead.outcome'),
    leadId: Id,
    status: z.enum(['dialed', 'skipped']),
    reason: z.string().trim().min(1).max(200).nullable(),
    /** The number dialed, so the server can check it against its do-not-call list. */
    number: E164.nullable(),
    callId: Id.nullable(),
    at: IsoTime,
  }),
  z.object({
    /** A call script run's answers, sent once when the run is finished or the wrap-up submitted. */
    kind: z.literal('script.answers'),
    callId: Id,
    scriptId: z.string().min(1).max(100),
    scriptVersion: z.number().int().nonnegative(),
    answers: ScriptAnswerMap,
    finishedAt: IsoTime,
  }),
  z.object({
    /** The agent acknowledged a supervisor's message (server: console/messages.ts), with an optional short reply. */
    kind: z.literal('message.ack'),
    messageId: Id,
    at: IsoTime,
    reply: z.string().trim().max(MESSAGE_REPLY_MAX_LENGTH).nullable(),
  }),
  // No text PostgreSQL refuses: such a change could never sync and would block the outbox.
]).superRefine(refuseUnstorableText);
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

// ---------------------------------------------------------------------------------------------
// Sign-in, pull and poke. The server is authoritative; every answer is validated by the client.

export const SignInRequest = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(1000),
    /** The workstation signing in (its sync client id), so IT can revoke it (absent from older clients). */
    deviceId: Id.optional(),
  })
  // A username with U+0000 is a 400 here, not a database error (a 503) at the lookup.
  .superRefine(refuseUnstorableText);
export type SignInRequest = z.infer<typeof SignInRequest>;

export const ServerAgent = z.object({ id: Id, username: z.string(), displayName: z.string() });
export type ServerAgent = z.infer<typeof ServerAgent>;

export const SignInResponse = z.object({ token: z.string().min(32).max(200), agent: ServerAgent });
export type SignInResponse = z.infer<typeof SignInResponse>;

/** Every non-2xx answer of the sync server carries one of these. */
export const ServerErrorBody = z.object({ error: AgentErrorShape });
export type ServerErrorBody = z.infer<typeof ServerErrorBody>;

/** A server version: the change log's monotonically increasing counter. */
export const Version = z.number().int().nonnegative();

export const ContactFieldVersions = z.record(ContactFieldName, Version);

export const ServerContact = z.object({
  id: Id,
  fields: ContactFields,
  /** The server version at which each field last changed: the client's next baseVersion. */
  fieldVersions: ContactFieldVersions,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type ServerContact = z.infer<typeof ServerContact>;


export const ServerCall = z.object({ callId: Id, agentId: Id, ...CallFields.shape });
export type ServerCall = z.infer<typeof ServerCall>;

export const ServerNote = z.object({
  noteId: Id,
  agentId: Id,
  callId: Id.nullable(),
  contactId: Id.nullable(),
  body: z.string(),
  createdAt: IsoTime,
});
export type ServerNote = z.infer<typeof ServerNote>;

export const ServerDisposition = z.object({ callId: Id, agentId: Id, code: z.string(), createdAt: IsoTime });
export type ServerDisposition = z.infer<typeof ServerDisposition>;

export const ServerCallback = z.object({
  callbackId: Id,
  agentId: Id,
  contactId: Id,
  callId: Id.nullable(),
  dueAt: IsoTime,
  note: z.string(),
  createdAt: IsoTime,
  /** Older servers sent no status: their callbacks are all still scheduled. */
  status: CallbackStatus.default('scheduled'),
});
export type ServerCallback = z.infer<typeof ServerCallback>;

/** Scripts are published on the server in numbered versions; clients get the newest. */
export const ServerScript = z.object({
  id: z.string().min(1).max(100),
  version: z.number().int().positive(),
  name: z.string(),
  body: z.string(),
  updatedAt: IsoTime,
});
export type ServerScript = z.infer<typeof ServerScript>;

/**
 * A campaign as the server configured it. `wrapup` and `dispositions` stay unchecked here: the
 * client validates them against the contract's schemas row by row, so one bad campaign is
 * refused on its own (and the previous version kept) instead of failing the whole pull page.
 */
export const ServerCampaign = z.object({
  id: z.string().min(1).max(64),
  name: z.string(),
  scriptId: z.string().nullable(),
  wrapup: z.unknown(),
  dispositions: z.unknown(),
  position: z.number().int(),
  updatedAt: IsoTime,
});
export type ServerCampaign = z.infer<typeof ServerCampaign>;

export const ServerLead = z.object({
  id: Id,
  campaignId: z.string().min(1).max(64),
  contactId: Id,
  position: z.number().int().nonnegative(),
  status: z.enum(['pending', 'dialed', 'skipped']),
  skipReason: z.string().nullable(),
  callId: Id.nullable(),
  /** The agent who dialed or skipped it; null while pending. */
  workedBy: Id.nullable(),
  updatedAt: IsoTime,
});
export type ServerLead = z.infer<typeof ServerLead>;

/** One number of the server's do-not-call list; `listed: false` is a number taken off it. */
export const ServerDncEntry = z.object({
  number: E164,
  listed: z.boolean(),
  reason: z.string().max(200),
  updatedAt: IsoTime,
});
export type ServerDncEntry = z.infer<typeof ServerDncEntry>;

/** A supervisor's message as one agent pulls it: delivered by pull, so it waits for an agent who is offline. */
export const ServerMessage = z.object({
  messageId: Id,
  /** The supervisor's display name. */
  from: z.string(),
  /** The team it went to; null when it went to this agent alone. */
  teamName: z.string().nullable(),
  body: z.string().max(MESSAGE_MAX_LENGTH),
  sentAt: IsoTime,
  acknowledgedAt: IsoTime.nullable(),
  reply: z.string().nullable(),
});
export type ServerMessage = z.infer<typeof ServerMessage>;

export const Change = z.discriminatedUnion('entity', [
  z.object({ version: Version, entity: z.literal('contact'), contact: ServerContact }),
  z.object({ version: Version, entity: z.literal('contact.history'), entry: ContactHistoryEntry }),
  z.object({ version: Version, entity: z.literal('call'), call: ServerCall }),
  z.object({ version: Version, entity: z.literal('note'), note: ServerNote }),
  z.object({ version: Version, entity: z.literal('disposition'), disposition: ServerDisposition }),
  z.object({ version: Version, entity: z.literal('callback'), callback: ServerCallback }),
  z.object({ version: Version, entity: z.literal('script'), script: ServerScript }),
  z.object({ version: Version, entity: z.literal('campaign'), campaign: ServerCampaign }),
  z.object({ version: Version, entity: z.literal('lead'), lead: ServerLead }),
  z.object({ version: Version, entity: z.literal('dnc'), dnc: ServerDncEntry }),
  z.object({ version: Version, entity: z.literal('message'), message: ServerMessage }),
]);
export type Change = z.infer<typeof Change>;
export type ChangeEntity = Change['entity'];

/**
 * Where a puller stands in the change log, opaque to the client: "x<transaction>.<version>",
 * the (transaction id, version) of the last change it has, in the order the server serves them
 * (transactions finish in any order without a global lock; see src/server/pull.ts). A plain
 * number is a cursor from servers before that order: every version up to it.
 */
export const PullCursor = z.union([Version, z.string().regex(/^x\d{1,20}\.\d{1,19}$/)]);
export type PullCursor = z.infer<typeof PullCursor>;

/**
 * A cursor as (transaction, version) decimal strings (both may exceed 2^53). An old numeric
 * cursor n had every change of the pre-transaction log up to version n, whose rows all carry
 * transaction 0: it is (0, n).
 */
export function cursorPosition(cursor: PullCursor | string): { xid: string; version: string } {
  const s = String(cursor);
  const m = /^x(\d+)\.(\d+)$/.exec(s);
  return m ? { xid: m[1] ?? '0', version: m[2] ?? '0' } : { xid: '0', version: s };
}

export const PULL_PAGE_MAX = 5000;
export const PullQuery = z.object({
  /** Either form of PullCursor, as a query string. */
  cursor: z.string().regex(/^(\d{1,19}|x\d{1,20}\.\d{1,19})$/, 'a cursor from a previous pull, or 0'),
  limit: z.coerce.number().int().positive().max(PULL_PAGE_MAX).default(1000),
  /** "1": also count what is left after the cursor (PullResponse.remaining), for a progress bar. */
  count: z.literal('1').optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

/** One page of changes after the cursor, in the server's order; `cursor` is where the next page starts. */
export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: PullCursor,
  hasMore: z.boolean(),
  /**
   * Asked with count=1: the changes this agent may see after the request's cursor, and how many
   * of them are contacts (a first sync shows "contacts so far / total"). Servers that do not
   * know the parameter leave it out.
   */
  remaining: z.object({ changes: z.number().int().nonnegative(), contacts: z.number().int().nonnegative() }).optional(),
  /**
   * true: served short of the pull horizon. Changes this agent may see committed before the
   * pull, but an older transaction (anywhere on the server's PostgreSQL cluster) was still open
   * after the server's wait (SYNC_PULL_HORIZON_WAIT_MS), so they are not in this page; pull
   * again shortly (no poke will come for them). Absent: the page is complete up to the pull.
   */
  behindHorizon: z.literal(true).optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** Server → client over the poke WebSocket: "something you can see changed; pull". */
export const PokeMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    version: Version,
    /** How often the server wants a heartbeat (heartbeat.ts) on this socket, ms; absent from older servers: send none. */
    heartbeatMs: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('poke'), version: Version }),
]);
export type PokeMessage = z.infer<typeof PokeMessage>;

/** The push envelope the server reads first: each mutation is then validated on its own, so one bad row is rejected alone. */
export const PushEnvelope = z.object({
  clientId: Id,
  mutations: z
    .array(z.object({ mutationId: Id, mutation: z.unknown() }))
    .min(1)
    .max(1000),
});
export type PushEnvelope = z.infer<typeof PushEnvelope>;

export const PUSH_BATCH_MAX = 1000;
