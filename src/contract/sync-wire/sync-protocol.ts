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
 * A PostgreSQL snapshot (pg_snapshot): transactions below `xmin` had finished when it was taken,
 * those from `xmax` on had not begun, and `xip` lists the ones in between still running (ascending,
 * each in [xmin, xmax)). A transaction is visible in it when it is below xmin, or below xmax and
 * not in xip. Ids are xid8 values (epoch and xid), as bigint.
 */
export interface Snapshot {
  readonly xmin: bigint;
  readonly xmax: bigint;
  readonly xip: readonly bigint[];
}

/**
 * Most running transactions a cursor names per snapshot, which bounds its length (PullQuery
 * carries it in the query string). More than max_connections' default (100): a sync cluster
 * rarely has this many writers open at once; when it has, the server names fewer (pull.ts
 * `boundedSnapshot`), which costs re-sent changes, never skipped ones.
 */
export const CURSOR_XIP_MAX = 128;

const XID = '\\d{1,20}';
const SNAPSHOT_PATTERN = `${XID}:${XID}:(?:${XID}(?:,${XID}){0,${CURSOR_XIP_MAX - 1}})?`;
/** The longest snapshot text: two ids and CURSOR_XIP_MAX more, each up to 20 digits, with separators. */
const SNAPSHOT_TEXT_MAX = 2 * 21 + CURSOR_XIP_MAX * 21;
/**
 * The longest cursor: "s", two snapshots, "/", a position: 5,503 characters (about 6.3 KB
 * percent-encoded in the query string, within Node's 16 KB header limit); one with 10-digit ids
 * and 100 running transactions is under 2.5 KB.
 */
export const PULL_CURSOR_MAX_LENGTH = 1 + 2 * (SNAPSHOT_TEXT_MAX + 1) + 20 + 1 + 19;
const CURSOR_PATTERN = new RegExp(`^(?:\\d{1,19}|x${XID}\\.\\d{1,19}|s${SNAPSHOT_PATTERN}|s${SNAPSHOT_PATTERN}/${SNAPSHOT_PATTERN}/${XID}\\.\\d{1,19})$`);

/**
 * Where a pull stands (src/server/pull.ts): everything visible in `prev` is already held; the
 * next page serves rows whose transaction is not visible in `prev` and whose (transaction,
 * version) follows `after`, and, with a `target` (a round that spans pages), only rows whose
 * transaction is visible in `target`. A row below prev's xmin is served on its position alone
 * (the old cursors' rows: transaction 0, before server migration 008).
 */
export interface PullPosition {
  readonly prev: Snapshot;
  readonly target: Snapshot | null;
  readonly after: { readonly xid: bigint; readonly version: bigint };
}

/** A snapshot in PostgreSQL's text form, "xmin:xmax:xip1,xip2,…"; null when it is not one PostgreSQL would accept. */
export function parseSnapshot(text: string): Snapshot | null {
  const m = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/.exec(text);
  if (!m) return null;
  const xmin = BigInt(m[1] ?? '0');
  const xmax = BigInt(m[2] ?? '0');
  const xip = m[3] ? m[3].split(',').map(BigInt) : [];
  // PostgreSQL's own checks (pg_snapshot input): a valid xmin, xmin ≤ xmax, xip ascending in [xmin, xmax), ids within xid8.
  if (xmin < 1n || xmax < xmin || xmax > XID8_MAX) return null;
  if (xip.some((x, i) => x < xmin || x >= xmax || (i > 0 && x <= (xip[i - 1] ?? 0n)))) return null;
  return { xmin, xmax, xip };
}

/** Largest id a cursor may carry: xid8 values are 64-bit, versions a bigint; ids this large are centuries of transactions away. */
const XID8_MAX = 2n ** 63n - 1n;

export const snapshotText = (s: Snapshot): string => `${s.xmin}:${s.xmax}:${s.xip.join(',')}`;

/**
 * The position a cursor names; null for text that is no cursor. Its forms:
 * - "s<prev>": a complete round, served at snapshot prev (PostgreSQL's text form): position (prev.xmin, 0).
 * - "s<prev>/<target>/<xid>.<version>": a round in pages, fixed at target, after (xid, version).
 * - "x<xid>.<version>" (servers ordering by transaction up to 2026-12): every transaction below xid
 *   had finished and is held, and xid up to version: prev "xid:xid:".
 * - n (servers before migration 008): versions up to n of the rows logged before it, which carry
 *   transaction 0: prev "1:1:" (nothing since is held), after (0, n).
 * The old forms map so that nothing is skipped; a change may come again, which the applier takes
 * as it takes any snapshot of the server's state (pull-apply.ts).
 */
export function parsePullCursor(cursor: number | string): PullPosition | null {
  const s = String(cursor);
  if (s.length > PULL_CURSOR_MAX_LENGTH || !CURSOR_PATTERN.test(s)) return null;
  const legacy = /^(?:x(\d+)\.)?(\d+)$/.exec(s);
  if (legacy) {
    const xid = BigInt(legacy[1] ?? '0');
    const floor = xid < 1n ? 1n : xid;
    return positionOrNull({ prev: { xmin: floor, xmax: floor, xip: [] }, target: null, after: { xid, version: BigInt(legacy[2] ?? '0') } });
  }
  const [prevText, targetText, at] = s.slice(1).split('/');
  const prev = parseSnapshot(prevText ?? '');
  if (!prev) return null;
  if (targetText === undefined) return { prev, target: null, after: { xid: prev.xmin, version: 0n } };
  const target = parseSnapshot(targetText);
  const [xid, version] = (at ?? '').split('.');
  if (!target || xid === undefined || version === undefined) return null;
  return positionOrNull({ prev, target, after: { xid: BigInt(xid), version: BigInt(version) } });
}

const positionOrNull = (p: PullPosition): PullPosition | null => (p.prev.xmax > XID8_MAX || p.after.xid > XID8_MAX || p.after.version > XID8_MAX ? null : p);

/** The cursor text of a position: "s<prev>" when the round is complete (no target), else the paged form. */
export function formatPullCursor(p: PullPosition): string {
  if (p.target === null) return `s${snapshotText(p.prev)}`;
  return `s${snapshotText(p.prev)}/${snapshotText(p.target)}/${p.after.xid}.${p.after.version}`;
}

/** Cursor text as the server writes it and reads it back (any form parsePullCursor reads). */
const PullCursorText = z
  .string()
  .max(PULL_CURSOR_MAX_LENGTH)
  .refine((s) => parsePullCursor(s) !== null, 'a cursor from a previous pull, or 0');

/**
 * Where a puller stands in the change log, opaque to the client, which stores it and sends it
 * back (forms: parsePullCursor). A plain number is a cursor from servers before server
 * migration 008: every version up to it.
 */
export const PullCursor = z.union([Version, PullCursorText]);
export type PullCursor = z.infer<typeof PullCursor>;

export const PULL_PAGE_MAX = 5000;
export const PullQuery = z.object({
  /** Any form of PullCursor, as a query string ("0": from the start). */
  cursor: PullCursorText,
  limit: z.coerce.number().int().positive().max(PULL_PAGE_MAX).default(1000),
  /** "1": also count what is left after the cursor (PullResponse.remaining), for a progress bar. */
  count: z.literal('1').optional(),
  /**
   * "snapshot": this workstation takes snapshot cursors ("s…"). Without it (workstations released
   * before them, which refuse that form) the server answers in the older "x<xid>.<version>" form
   * the older way (src/server/pull-legacy.ts). A request whose cursor is already "s…" is a
   * snapshot request either way.
   */
  cursors: z.literal('snapshot').optional(),
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
   * Sent only by servers before the snapshot cursor (x<xid>.<version> cursors), which served
   * rows below the oldest running transaction: true when changes this agent may see had
   * committed before the pull but an older transaction was still open after the server's wait,
   * so they are not in this page; pull again shortly (no poke will come for them). Servers since
   * serve everything committed before the pull and never send it; the client still honours it.
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
