import { z } from 'zod';
import { AgentError, AgentMessage, type ServerMessage } from '../../contract';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';

const Row = z.object({
  id: z.string(),
  sender: z.string(),
  team_name: z.string().nullable(),
  body: z.string(),
  sent_at: z.string(),
  acknowledged_at: z.string().nullable(),
  reply: z.string().nullable(),
});
const toMessage = (r: unknown): AgentMessage => {
  const row = Row.parse(r);
  return AgentMessage.parse({ id: row.id, from: row.sender, teamName: row.team_name, body: row.body, sentAt: row.sent_at, acknowledgedAt: row.acknowledged_at, reply: row.reply });
};

/** Messages from supervisors on this workstation (local migration 011). */
export class MessageRepository {
  constructor(private readonly db: Db) {}

  /** Newest first, at most `limit`. */
  list(limit = 100): AgentMessage[] {
    return this.db.prepare('SELECT * FROM messages ORDER BY sent_at DESC LIMIT ?').all(limit).map(toMessage);
  }

  unread(): number {
    const r = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages WHERE acknowledged_at IS NULL').get();
    return r?.n ?? 0;
  }

  /**
   * Acknowledges a message (the first acknowledgement stands) and queues it for the server, in
   * one transaction. NOT_FOUND for a message this workstation does not have.
   */
  acknowledge(id: string, reply: string | null, now: Date): AgentMessage {
    return Outbox.for(this.db).write(() => {
      const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id);
      if (row === undefined) throw new AgentError('NOT_FOUND', 'That message is not on this workstation.');
      const current = toMessage(row);
      if (current.acknowledgedAt !== null) return current;
      const at = now.toISOString();
      this.db.prepare('UPDATE messages SET acknowledged_at = ?, reply = ? WHERE id = ?').run(at, reply, id);
      Outbox.for(this.db).queue({ kind: 'message.ack', messageId: id, at, reply }, now);
      return { ...current, acknowledgedAt: at, reply };
    });
  }
}

/**
 * Stores a pulled message. A local acknowledgement is never undone by a pull that predates it:
 * the acknowledgement is in the outbox and the server's answer will agree.
 */
export function applyPulledMessage(db: Db, m: ServerMessage): void {
  db.prepare(
    `INSERT INTO messages (id, sender, team_name, body, sent_at, acknowledged_at, reply) VALUES (@messageId, @from, @teamName, @body, @sentAt, @acknowledgedAt, @reply)
     ON CONFLICT (id) DO UPDATE SET sender = excluded.sender, team_name = excluded.team_name, body = excluded.body, sent_at = excluded.sent_at,
       acknowledged_at = coalesce(messages.acknowledged_at, excluded.acknowledged_at), reply = coalesce(messages.reply, excluded.reply)`,
  ).run(m);
}
