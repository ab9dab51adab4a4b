import type { ServerMigration } from './index';

export const m012ConsoleMessages: ServerMigration = {
  version: 12,
  name: 'supervisors’ messages to agents and their receipts',
  sql: `
      -- A supervisor's message to a team or to one agent (console/messages.ts).
      CREATE TABLE console_messages (
        id         uuid PRIMARY KEY,
        author_id  uuid NOT NULL REFERENCES console_accounts (id),
        team_id    uuid REFERENCES teams (id) ON DELETE SET NULL,
        body       text NOT NULL,
        sent_at    timestamptz NOT NULL DEFAULT now()
      );

      -- One row per agent the message went to (the team's members when it was sent): delivered by
      -- pull, acknowledged by the agent's push (message.ack).
      CREATE TABLE message_receipts (
        message_id      uuid NOT NULL REFERENCES console_messages (id) ON DELETE CASCADE,
        agent_id        uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        acknowledged_at timestamptz,
        reply           text,
        PRIMARY KEY (message_id, agent_id)
      );
      CREATE INDEX message_receipts_agent ON message_receipts (agent_id);
    `,
};
