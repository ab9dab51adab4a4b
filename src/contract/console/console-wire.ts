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
]);
export type BoardEvent = z.infer<typeof BoardEvent>;
