import type { Migration } from './index';

/**
 * Supervisors' messages pulled from the server (issue 13): shown as a banner and a list with the
 * unread count until the agent acknowledges each; the acknowledgement is pushed (message.ack).
 */
export const m011Messages: Migration = {
  version: 11,
  name: 'messages from supervisors',
  sql: `
    CREATE TABLE messages (
      id              TEXT PRIMARY KEY,
      sender          TEXT NOT NULL,
      team_name       TEXT,
      body            TEXT NOT NULL,
      sent_at         TEXT NOT NULL,
      acknowledged_at TEXT,
      reply           TEXT
    );
    CREATE INDEX messages_sent ON messages (sent_at DESC);
  `,
};
