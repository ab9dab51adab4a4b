import { z } from 'zod';
import { ResultShape } from '../shared/errors';

/** Frames carried by the loopback WebSocket; IPC carries the same request and event pairs. */
export const MAX_METHOD_LENGTH = 100;

export const RequestFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().max(MAX_METHOD_LENGTH),
  input: z.unknown(),
});
export type RequestFrame = z.infer<typeof RequestFrame>;

export const ResponseFrame = z.object({
  type: z.literal('response'),
  id: z.number().int().nonnegative(),
  result: ResultShape,
});
export type ResponseFrame = z.infer<typeof ResponseFrame>;

export const EventFrame = z.object({
  type: z.literal('event'),
  name: z.string(),
  payload: z.unknown(),
});
export type EventFrame = z.infer<typeof EventFrame>;

export const ServerFrame = z.discriminatedUnion('type', [ResponseFrame, EventFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export const IPC_CHANNEL = {
  request: 'agent:request',
  event: 'agent:event',
} as const;

/** The browser host's WebSocket path; the per-run token travels as ?token=. */
export const HOST_WS_PATH = '/agent';

/**
 * The close code (RFC 6455 §7.4.2, private range) the host ends a page's socket with when another
 * page of the same workstation took over: one agent has one live phone and one editing surface
 * (issue 16 A5). The page closed with it stops and does not reconnect.
 */
export const TAKEN_OVER_CLOSE_CODE = 4001;
/**
 * The close code a newer page's desk socket is refused with while the page that has the desk is
 * on a call or in its wrap-up (issue 16 A5): taking over would drop the call or lose the wrap-up.
 * The close reason is a `DeskBusy`; the refused page stops and does not reconnect, the other
 * page and its call are untouched.
 */
export const DESK_REFUSED_CLOSE_CODE = 4002;
/** Why the desk is refused to a newer page: a call is live (ringing, connected, held) or its wrap-up is open. */
export const DeskBusy = z.enum(['call', 'wrap-up']);
export type DeskBusy = z.infer<typeof DeskBusy>;
/** The query parameter the desk's own socket carries (`/agent?desk=1`); other sockets of the page never take over. */
export const DESK_PARAM = 'desk';
