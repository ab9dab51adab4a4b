import type { ServerMigration } from './index';

export const m013PresenceHistory: ServerMigration = {
  version: 13,
  name: 'presence history',
  sql: `
      -- Every presence change pushed (presence.ts), for the team KPIs' time per state and
      -- occupancy (console/kpis.ts). The state lasts until the agent's next row.
      CREATE TABLE presence_history (
        id        bigserial PRIMARY KEY,
        agent_id  uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        state     text NOT NULL,
        reason    text,
        since     timestamptz NOT NULL
      );
      CREATE INDEX presence_history_agent ON presence_history (agent_id, since);
    `,
};
