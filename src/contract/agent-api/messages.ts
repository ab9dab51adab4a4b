import { z } from 'zod';
import { method } from './define';
import { Id, IsoTime } from '../shared/primitives';
import { MESSAGE_REPLY_MAX_LENGTH } from '../sync-wire/sync-protocol';

/**
 * The `messages` group: supervisors' messages to the agent (pulled from the sync server, so they
 * arrive after the workstation was offline), acknowledged with an optional short reply; and the
 * agent's raised hand — a request for help that the supervisor's board shows while the
 * workstation is online.
 */
export const AgentMessage = z.object({
  id: Id,
  from: z.string(),
  teamName: z.string().nullable(),
  body: z.string(),
  sentAt: IsoTime,
  acknowledgedAt: IsoTime.nullable(),
  reply: z.string().nullable(),
});
export type AgentMessage = z.infer<typeof AgentMessage>;

export const MessageList = z.object({
  /** Newest first. */
  messages: z.array(AgentMessage),
  /** Messages not yet acknowledged. */
  unread: z.number().int().min(0),
  handRaised: z.boolean(),
});
export type MessageList = z.infer<typeof MessageList>;

export const messages = {
  list: method(z.object({}).strict(), MessageList),
  acknowledge: method(z.object({ id: Id, reply: z.string().trim().max(MESSAGE_REPLY_MAX_LENGTH).optional() }).strict(), AgentMessage),
  raiseHand: method(z.object({ raised: z.boolean() }).strict(), z.object({ raised: z.boolean() })),
} as const;

export const messagesEvents = {
  /** A message arrived or was acknowledged, or the hand went up or down: lists reload. */
  'messages.changed': MessageList,
} as const;
