import type { Migration } from './index';

/**
 * What the sync engine keeps beside the CRM tables of 002:
 *
 * contact_history  values that lost a concurrent edit of a contact field on the server, pulled
 *                  so the CRM panel can show them ("Bilal changed the company from …").
 * sync_rejections  mutations the server refused for good, with its typed error: taken out of
 *                  the outbox (a retry would be refused again) and kept until the agent has
 *                  seen them, never dropped silently.
 */
export const m003Sync: Migration = {
  version: 3,
  name: 'sync: contact history, rejected mutations',
  sql: `
    CREATE TABLE contact_history (
      id               TEXT PRIMARY KEY,
      contact_id       TEXT NOT NULL,
      field            TEXT NOT NULL,
      losing_value     TEXT NOT NULL,
      winning_value    TEXT NOT NULL,
      losing_agent_id  TEXT,
      winning_agent_id TEXT,
      recorded_at      TEXT NOT NULL,
      server_version   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX contact_history_contact ON contact_history (contact_id, server_version);

    CREATE TABLE sync_rejections (
      mutation_id  TEXT PRIMARY KEY,
      kind         TEXT NOT NULL,
      payload      TEXT NOT NULL,
      code         TEXT NOT NULL,
      message      TEXT NOT NULL,
      rejected_at  TEXT NOT NULL,
      dismissed_at TEXT
    ) STRICT;
  `,
};
