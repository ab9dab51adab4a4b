import type { ServerMigration } from './index';

export const m002Campaigns: ServerMigration = {
  version: 2,
  name: 'campaigns, lead lists, campaign assignments and the do-not-call list',
  sql: `
      -- wrapup and dispositions hold the contract's AfterCallWorkPolicy and DispositionCode[].
      CREATE TABLE campaigns (
        id           text PRIMARY KEY,
        name         text NOT NULL,
        script_id    text,
        wrapup       jsonb NOT NULL,
        dispositions jsonb NOT NULL,
        position     int NOT NULL DEFAULT 0,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );

      -- Who may work a campaign. A campaign with no rows here is open to every agent.
      CREATE TABLE campaign_agents (
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        agent_id    uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        PRIMARY KEY (campaign_id, agent_id)
      );

      CREATE TABLE leads (
        id          uuid PRIMARY KEY,
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        contact_id  uuid NOT NULL REFERENCES contacts (id),
        position    int NOT NULL,
        status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dialed', 'skipped')),
        skip_reason text,
        call_id     uuid,
        -- the agent who dialed or skipped it: a second agent's outcome is refused
        worked_by   uuid REFERENCES agents (id),
        worked_at   timestamptz,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX leads_campaign ON leads (campaign_id, position);

      -- Numbers nobody may dial (a national registry, a customer's request by phone).
      CREATE TABLE dnc_numbers (
        number     text PRIMARY KEY,
        reason     text NOT NULL DEFAULT '',
        added_at   timestamptz NOT NULL DEFAULT now()
      );
    `,
};
