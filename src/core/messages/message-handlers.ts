import type { Handlers, MessageList, messages } from '../../contract';
import type { Clock } from '../clock';
import type { MessageRepository } from './message-repository';

/** The agent's raised hand: online state for the supervisor's board, kept in memory (a restart lowers it). */
export class RaisedHand {
  private raised = false;
  constructor(private readonly onChange: () => void) {}
  get(): boolean {
    return this.raised;
  }
  set(raised: boolean): void {
    if (raised === this.raised) return;
    this.raised = raised;
    this.onChange();
  }
}

export function messageList(repo: MessageRepository, hand: RaisedHand): MessageList {
  return { messages: repo.list(), unread: repo.unread(), handRaised: hand.get() };
}

export const messageHandlers = (repo: MessageRepository, hand: RaisedHand, clock: Clock, changed: () => void): Handlers<typeof messages> => ({
  list: () => messageList(repo, hand),
  acknowledge: ({ id, reply }) => {
    const m = repo.acknowledge(id, reply?.trim() ? reply.trim() : null, clock.now());
    changed();
    return m;
  },
  raiseHand: ({ raised }) => {
    hand.set(raised);
    return { raised: hand.get() };
  },
});
