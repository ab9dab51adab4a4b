import type { ServerMigration } from './index';

export const m001Foundation: ServerMigration = {
  version: 1,
  name: 'agents, sessions, CRM, calls, wrap-up, scripts, presence, change log, processed mutations',
  sql: `
      CREATE TABLE agents (
        id            uuid PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        display_name  text NOT NULL,
        password_hash text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      -- Bearer tokens, stored as SHA-256: a database dump does not let anyone sign in.
      CREATE TABLE sessions (
        token_hash  bytea PRIMARY KEY,
        agent_id    uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      );

      CREATE TABLE contacts (
        id          uuid PRIMARY KEY,
        first_name  text NOT NULL,
        last_name   text NOT NULL,
        company     text NOT NULL,
        email       text NOT NULL,
        timezone    text NOT NULL,
        do_not_call boolean NOT NULL,
        -- per field: {"v": version it last changed at, "c": client that wrote it, "a": agent}
        field_meta  jsonb NOT NULL,
        version     bigint NOT NULL,
        created_by  uuid REFERENCES agents (id),
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      );

      CREATE TABLE contact_phones (
        contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        position   int NOT NULL,
        label      text NOT NULL,
        number     text NOT NULL,
        PRIMARY KEY (contact_id, position)
      );
      CREATE INDEX contact_phones_number ON contact_phones (number);

      -- Values that lost a concurrent edit of one field, kept for the CRM panel.
      CREATE TABLE contact_history (
        id               uuid PRIMARY KEY,
        contact_id       uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        field            text NOT NULL,
        losing_value     jsonb NOT NULL,
        winning_value    jsonb NOT NULL,
        losing_agent_id  uuid,
        winning_agent_id uuid,
        version          bigint NOT NULL,
        recorded_at      timestamptz NOT NULL
      );
      CREATE INDEX contact_history_contact ON contact_history (contact_id, version);

      CREATE TABLE calls (
        id            uuid PRIMARY KEY,
        agent_id      uuid NOT NULL REFERENCES agents (id),
        direction     text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        local_number  text NOT NULL,
        remote_number text NOT NULL,
        contact_id    uuid,
        started_at    timestamptz NOT NULL,
        answered_at   timestamptz,
        ended_at      timestamptz,
        end_cause     text,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX calls_agent ON calls (agent_id, started_at DESC);

      -- Append-only.
      CREATE TABLE notes (
        id          uuid PRIMARY KEY,
        agent_id    uuid NOT NULL REFERENCES agents (id),
        call_id     uuid,
        contact_id  uuid,
        body        text NOT NULL,
        created_at  timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notes_contact ON notes (contact_id, created_at) WHERE contact_id IS NOT NULL;

      CREATE TABLE dispositions (
        call_id    uuid PRIMARY KEY REFERENCES calls (id),
        agent_id   uuid NOT NULL REFERENCES agents (id),
        code       text NOT NULL,
        created_at timestamptz NOT NULL
      );

      CREATE TABLE callbacks (
        id         uuid PRIMARY KEY,
        agent_id   uuid NOT NULL REFERENCES agents (id),
        contact_id uuid NOT NULL,
        call_id    uuid,
        due_at     timestamptz NOT NULL,
        note       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE scripts (
        id           text NOT NULL,
        version      int NOT NULL,
        name         text NOT NULL,
        body         text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );

      CREATE TABLE presence (
        agent_id   uuid PRIMARY KEY REFERENCES agents (id),
        state      text NOT NULL,
        reason     text,
        since      timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The change log clients pull from. Compacted: one row per entity, carrying the version of
      -- its latest change and a snapshot, so an initial sync costs the size of the data, not of
      -- its history. Versions come from one sequence, taken under one lock, so commit order is
      -- version order and a reader never sees a version appear below its cursor later.
      CREATE SEQUENCE change_version;
      CREATE TABLE change_log (
        version   bigint PRIMARY KEY,
        entity    text NOT NULL,
        entity_id text NOT NULL,
        -- NULL: every agent sees it; otherwise only this agent
        audience  uuid,
        payload   jsonb NOT NULL,
        UNIQUE (entity, entity_id)
      );

      CREATE TABLE processed_mutations (
        client_id    uuid NOT NULL,
        mutation_id  uuid NOT NULL,
        agent_id     uuid NOT NULL REFERENCES agents (id),
        kind         text NOT NULL,
        -- {"status":"applied"} or {"status":"rejected","error":{...}}: a retry gets the same answer
        outcome      jsonb NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, mutation_id)
      );
    `,
};
