import { z } from 'zod';
import { Heartbeat } from '../sync-wire/heartbeat';
import { MESSAGE_MAX_LENGTH } from '../sync-wire/sync-protocol';
import { Id, IsoTime } from '../shared/primitives';

/**
 * The supervisor console's wire: the page under /console/ and the sync server's /console/api
 * routes. A console session is an HttpOnly SameSite=Strict cookie; no token is ever in a URL or
 * readable by the page's script.
 */

export const ConsoleRole = z.enum(['supervisor', 'admin']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

export const ConsoleSignInRequest = z
  .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) })
  .strict();
export type ConsoleSignInRequest = z.infer<typeof ConsoleSignInRequest>;

/** An IANA time zone name (Asia/Karachi, America/New_York, Europe/London). */
export const TimeZoneName = z.string().min(1).max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone name, e.g. Asia/Karachi');

export const ConsoleTeam = z.object({ id: Id, name: z.string(), timeZone: TimeZoneName, clientTimeZone: TimeZoneName });
export type ConsoleTeam = z.infer<typeof ConsoleTeam>;

export const ConsoleAccount = z.object({ id: Id, username: z.string(), displayName: z.string(), role: ConsoleRole });
export type ConsoleAccount = z.infer<typeof ConsoleAccount>;

export const ConsoleMe = z.object({ account: ConsoleAccount, teams: z.array(ConsoleTeam) });
export type ConsoleMe = z.infer<typeof ConsoleMe>;

/**
 * What the board shows for an agent, in the order of its state filter: Lagged (the workstation
 * went silent while signed on), On call, Wrap-up, Available, the Not Ready states, Offline
 * (signed off, or never heard from).
 */
export const BoardState = z.enum(['Lagged', 'On call', 'Wrap-up', 'Available', 'Break', 'Lunch', 'Training', 'Meeting', 'Offline']);
export type BoardState = z.infer<typeof BoardState>;

export const BoardAgent = z.object({
  agentId: Id,
  username: z.string(),
  displayName: z.string(),
  teamIds: z.array(Id),
  state: BoardState,
  /** The latest heartbeat, null when the workstation was never heard from. */
  beat: Heartbeat.nullable(),
  /** When the server last heard the workstation (server clock). */
  heardAt: IsoTime.nullable(),
  /** When the agent entered `state` (server clock for Lagged; the workstation's presence time otherwise). */
  stateSince: IsoTime.nullable(),
});
export type BoardAgent = z.infer<typeof BoardAgent>;

export const BoardSnapshot = z.object({
  agents: z.array(BoardAgent),
  /** The server's clock when the snapshot was taken: the page shows durations against it. */
  serverTime: IsoTime,
  /** Silence after which a signed-on workstation shows as Lagged, ms. */
  lagAfterMs: z.number().int().positive(),
});
export type BoardSnapshot = z.infer<typeof BoardSnapshot>;

/** A message as its sender sees it: who it reached, who acknowledged, their replies. */
export const SentMessage = z.object({
  messageId: Id,
  from: z.string(),
  teamName: z.string().nullable(),
  body: z.string(),
  sentAt: IsoTime,
  recipients: z.array(z.object({ agentId: Id, displayName: z.string(), acknowledgedAt: IsoTime.nullable(), reply: z.string().nullable() })),
});
export type SentMessage = z.infer<typeof SentMessage>;

export const SendMessageRequest = z
  .object({ teamId: Id.nullable(), agentId: Id.nullable(), body: z.string().trim().min(1).max(MESSAGE_MAX_LENGTH) })
  .strict()
  .refine((r) => (r.teamId === null) !== (r.agentId === null), { message: 'send to one team or to one agent' });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** One event on the board's stream (Server-Sent Events, `data:` lines of JSON). */
export const BoardEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agents'), agents: z.array(BoardAgent), serverTime: IsoTime }),
  /** Messages were sent or acknowledged: the console reads its sent messages again. */
  z.object({ type: z.literal('messages'), serverTime: IsoTime }),
  /**
   * Workstations were heard from with nothing else on the board changed: agent id → when the
   * server last heard it (sent in batches, about once a second, not per heartbeat).
   */
  z.object({ type: z.literal('heard'), heard: z.record(z.string(), IsoTime), serverTime: IsoTime }),
  /** Calls, wrap-ups or presence of these teams' agents landed: a console showing their KPIs reads them again (at most every few seconds per team). */
  z.object({ type: z.literal('kpis'), teamIds: z.array(Id), serverTime: IsoTime }),
]);
export type BoardEvent = z.infer<typeof BoardEvent>;

/** One agent's (or, agentId null, the team's) KPIs over a range; ratios 0–1, null when there is nothing to divide by. */
export const KpiRow = z.object({
  agentId: Id.nullable(),
  name: z.string(),
  callsIn: z.number().int(),
  callsOut: z.number().int(),
  answered: z.number().int(),
  missed: z.number().int(),
  declined: z.number().int(),
  failed: z.number().int(),
  ahtSeconds: z.number().nullable(),
  avgAcwSeconds: z.number().nullable(),
  occupancy: z.number().nullable(),
  fcr: z.number().nullable(),
  callbacksOnTime: z.number().int(),
  callbacksLate: z.number().int(),
  secondsByState: z.record(z.string(), z.number()),
  dispositions: z.record(z.string(), z.number()),
});
export type KpiRow = z.infer<typeof KpiRow>;

export const TeamKpis = z.object({ team: ConsoleTeam, from: z.string(), to: z.string(), agents: z.array(KpiRow), total: KpiRow });
export type TeamKpis = z.infer<typeof TeamKpis>;

export const KpiQuery = z.object({
  team: Id,
  from: z.iso.date(),
  to: z.iso.date(),
});
export type KpiQuery = z.infer<typeof KpiQuery>;

/** What each figure means, shown beside it in the console (and the source of the server's SQL in console/kpis.ts). */
export const KPI_DEFINITIONS = {
  callsIn: 'Inbound calls that rang for the agent in the range (by start time, team time zone).',
  callsOut: 'Outbound calls the agent placed in the range.',
  answered: 'Calls with an answer: inbound picked up, outbound answered by the customer — however they ended afterwards.',
  missed: 'Inbound calls that rang and ended without an answer: the ringing ran out or the caller hung up while it rang.',
  declined: 'Calls the called side refused: the agent declined (or was Not Ready), or the customer\'s line was busy or declined.',
  failed: 'Calls that never connected because something broke (a SIP error, the network, media, the phone); not counted as handled.',
  aht: 'Average handle time = (talk + hold + after-call work) ÷ calls handled (answered and ended). Talk excludes hold; ACW runs from hang-up to the wrap-up being submitted (capped at 1 hour).',
  avgAcw: 'Average after-call work: hang-up to wrap-up submitted, over handled calls with a wrap-up.',
  occupancy: 'Handling time ÷ (handling time + time Available), from the presence history.',
  fcr: 'First-contact resolution: answered calls with a disposition the campaign marks as resolving, whose customer did not call again within 7 days, ÷ answered calls with a disposition.',
  callbacks: 'Callbacks due in the range: done within 15 minutes of the promised time (on time) vs. done later or still open past it (late).',
  states: 'Time in each presence state in the range (break adherence); the last state counts until now.',
  dispositions: 'How the agent closed calls: count per disposition code.',
} as const;
