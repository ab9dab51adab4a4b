import type { Migration } from './index';

export const m001Foundation: Migration = {
  version: 1,
  name: 'foundation: settings, presence log, outbox, sync state',
  sql: `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE presence_log (
      id     INTEGER PRIMARY KEY,
      state  TEXT NOT NULL,
      reason TEXT,
      since  TEXT NOT NULL
    ) STRICT;

    -- Every local change that must reach the server, written in the same transaction as the
    -- change itself; deleted only after the server confirmed it.
    CREATE TABLE outbox (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      mutation_id TEXT NOT NULL UNIQUE,
      kind        TEXT NOT NULL,
      payload     TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      attempts    INTEGER NOT NULL DEFAULT 0,
      last_error  TEXT
    ) STRICT;

    CREATE TABLE sync_state (
      id           INTEGER PRIMARY KEY CHECK (id = 1),
      cursor       INTEGER NOT NULL DEFAULT 0,
      last_sync_at TEXT
    ) STRICT;
    INSERT INTO sync_state (id) VALUES (1);
  `,
};
