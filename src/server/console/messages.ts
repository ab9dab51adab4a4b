import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AgentError, MESSAGE_MAX_LENGTH, ServerMessage, type ConsoleAccount, type SentMessage } from '../../contract';
import { announce, takePushLocks } from '../change-log';
import type { Sql, SyncDb } from '../db';
import { ISO, markChanged, type LogRow, type Rules, type Writer } from '../push-batch';
import { visibleAgentCondition } from './teams';

/**
 * Supervisors' messages to agents. A message goes to a team (its members when sent) or to one
 * agent of the supervisor's teams; each recipient gets it as a change-log row of their own
 * (audience: that agent), so it reaches a workstation by its next pull — also one that was
 * offline when it was sent. The agent's acknowledgement comes back as a pushed `message.ack`;
 * consoles hear of it on MESSAGES_CHANNEL and read the receipts again.
 */
export const MESSAGES_CHANNEL = 'team_messages';

const Recipient = z.object({ agent_id: z.uuid() });

/** Sends a message; FORBIDDEN when the team or agent is not the supervisor's to reach. */
export async function sendMessage(db: SyncDb, account: ConsoleAccount, input: { teamId: string | null; agentId: string | null; body: string }): Promise<{ messageId: string; recipients: number }> {
  const body = input.body.trim();
  if (body.length === 0 || body.length > MESSAGE_MAX_LENGTH) throw new AgentError('INVALID_INPUT', `A message has 1 to ${MESSAGE_MAX_LENGTH} characters.`);
  if ((input.teamId === null) === (input.agentId === null)) throw new AgentError('INVALID_INPUT', 'Send to one team or to one agent.');
  const messageId = randomUUID();
  const { version, recipients } = await db.transaction(async (tx) => {
    await takePushLocks(tx, null);
    const { rows } =
      input.teamId !== null
        ? await tx.query(
            `SELECT ta.agent_id::text FROM team_agents ta WHERE ta.team_id = $1
             AND ($2 = 'admin' OR EXISTS (SELECT 1 FROM team_supervisors ts WHERE ts.team_id = $1 AND ts.account_id = $3))`,
            [input.teamId, account.role, account.id],
          )
        : await tx.query(`SELECT a.id::text AS agent_id FROM agents a WHERE a.id = $1 AND ${visibleAgentCondition(account, '$2')}`, [input.agentId, account.id]);
    const recipients = rows.map((r) => Recipient.parse(r).agent_id);
    if (recipients.length === 0) throw new AgentError('FORBIDDEN', 'That team or agent is not one of yours, or the team has no agents.');
    await tx.query('INSERT INTO console_messages (id, author_id, team_id, body) VALUES ($1, $2, $3, $4)', [messageId, account.id, input.teamId, body]);
    await tx.query(`INSERT INTO message_receipts (message_id, agent_id) SELECT $1, unnest($2::uuid[])`, [messageId, recipients]);
    const logged = await tx.query<{ v: string }>(
      `INSERT INTO change_log (version, entity, entity_id, audience, payload)
       SELECT nextval('change_version'), 'message', m.id::text || ':' || r.agent_id::text, r.agent_id, jsonb_build_object('entity', 'message', 'message', ${messagePayload('m', 'r')})
       FROM console_messages m JOIN message_receipts r ON r.message_id = m.id JOIN console_accounts c ON c.id = m.author_id LEFT JOIN teams t ON t.id = m.team_id
       WHERE m.id = $1
       RETURNING version::text AS v`,
      [messageId],
    );
    await tx.query('SELECT pg_notify($1, $2)', [MESSAGES_CHANNEL, messageId]);
    return { version: Math.max(...logged.rows.map((r) => Number(r.v))), recipients };
  });
  await announce(db, { v: version, a: recipients });
  return { messageId, recipients: recipients.length };
}

/** The message as its recipient pulls it, in SQL (m: console_messages, r: message_receipts, c: author, t: team). */
function messagePayload(m: string, r: string): string {
  return `jsonb_build_object('messageId', ${m}.id, 'from', c.display_name, 'teamName', t.name, 'body', ${m}.body, 'sentAt', ${ISO(`${m}.sent_at`)},
    'acknowledgedAt', CASE WHEN ${r}.acknowledged_at IS NULL THEN NULL ELSE ${ISO(`${r}.acknowledged_at`)} END, 'reply', ${r}.reply)`;
}

const SentRow = z.object({
  id: z.uuid(),
  author: z.string(),
  team_name: z.string().nullable(),
  body: z.string(),
  sent_at: z.string(),
  recipients: z.array(z.object({ agentId: z.uuid(), displayName: z.string(), acknowledgedAt: z.string().nullable(), reply: z.string().nullable() })),
});

/** The newest messages to the account's agents, with who acknowledged each (an admin: all). */
export async function sentMessages(db: Sql, account: ConsoleAccount, limit = 50): Promise<SentMessage[]> {
  const { rows } = await db.query(
    `SELECT m.id::text, c.display_name AS author, t.name AS team_name, m.body, ${ISO('m.sent_at')} AS sent_at,
            jsonb_agg(jsonb_build_object('agentId', a.id, 'displayName', a.display_name,
              'acknowledgedAt', CASE WHEN r.acknowledged_at IS NULL THEN NULL ELSE ${ISO('r.acknowledged_at')} END, 'reply', r.reply) ORDER BY a.display_name) AS recipients
     FROM console_messages m JOIN console_accounts c ON c.id = m.author_id LEFT JOIN teams t ON t.id = m.team_id
     JOIN message_receipts r ON r.message_id = m.id JOIN agents a ON a.id = r.agent_id
     WHERE ${visibleAgentCondition(account, '$1')}
     GROUP BY m.id, c.display_name, t.name ORDER BY m.sent_at DESC LIMIT $2`,
    [account.id, limit],
  );
  return rows.map((r) => {
    const row = SentRow.parse(r);
    return { messageId: row.id, from: row.author, teamName: row.team_name, body: row.body, sentAt: row.sent_at, recipients: row.recipients };
  });
}

/** An acknowledgement: kept in the batch, written by `writeMessageAcks`. The first one counts. */
export const messageRules: Rules<'message.ack'> = {
  'message.ack': {
    apply: (b, m) => {
      if (!b.messageAcks.has(m.messageId)) b.messageAcks.set(m.messageId, { at: m.at, reply: m.reply });
      markChanged(b, 'message', m.messageId);
    },
  },
};

/**
 * Writes acknowledgements on the agent's own receipts only (a message not sent to this agent
 * changes nothing), logs the acknowledged message back to the agent, and tells the consoles.
 */
export const writeMessageAcks: Writer = async (tx, b, changed) => {
  const out: LogRow[] = [];
  for (const { id, version } of changed) {
    const ack = b.messageAcks.get(id);
    if (!ack) continue;
    const { rows } = await tx.query<{ payload: unknown }>(
      `WITH up AS (
         UPDATE message_receipts SET acknowledged_at = coalesce(acknowledged_at, $3::timestamptz), reply = coalesce(reply, $4)
         WHERE message_id = $1 AND agent_id = $2 RETURNING *)
       SELECT jsonb_build_object('entity', 'message', 'message', ${messagePayload('m', 'up')}) AS payload
       FROM up JOIN console_messages m ON m.id = up.message_id JOIN console_accounts c ON c.id = m.author_id LEFT JOIN teams t ON t.id = m.team_id`,
      [id, b.agentId, ack.at, ack.reply],
    );
    if (rows[0] === undefined) continue;
    const payload = z.object({ entity: z.literal('message'), message: ServerMessage }).parse(rows[0].payload);
    out.push({ version, entity: 'message', entity_id: `${id}:${b.agentId}`, audience: b.agentId, payload });
    await tx.query('SELECT pg_notify($1, $2)', [MESSAGES_CHANNEL, id]);
  }
  return out;
};
