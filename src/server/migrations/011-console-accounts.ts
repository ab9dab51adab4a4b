import type { ServerMigration } from './index';

export const m011ConsoleAccounts: ServerMigration = {
  version: 11,
  name: 'console accounts, teams, agent status',
  sql: `
      -- Supervisors and admins: people who open the console (src/server/console). Kept apart
      -- from agents so an agent's token can never be a console session, and vice versa.
      CREATE TABLE console_accounts (
        id            uuid PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        display_name  text NOT NULL,
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('supervisor', 'admin')),
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      -- Console sessions, stored as SHA-256 of the cookie's value (as agents' bearer tokens are).
      CREATE TABLE console_sessions (
        token_hash  bytea PRIMARY KEY,
        account_id  uuid NOT NULL REFERENCES console_accounts (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz
      );

      -- A team works in its own time zone and serves a client in another (a Karachi floor on a
      -- New York client's hours): the console shows both.
      CREATE TABLE teams (
        id               uuid PRIMARY KEY,
        name             text NOT NULL UNIQUE,
        time_zone        text NOT NULL,
        client_time_zone text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE team_agents (
        team_id  uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, agent_id)
      );
      CREATE INDEX team_agents_agent ON team_agents (agent_id);

      CREATE TABLE team_supervisors (
        team_id    uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES console_accounts (id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, account_id)
      );
      CREATE INDEX team_supervisors_account ON team_supervisors (account_id);

      -- The latest heartbeat of each agent's workstation (board.ts): one row per agent, replaced
      -- on every beat, never queued. heard_at is the server's clock, so LAGGED does not depend on
      -- the workstation's clock.
      CREATE TABLE agent_status (
        agent_id  uuid PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
        beat      jsonb NOT NULL,
        heard_at  timestamptz NOT NULL
      );
    `,
};
