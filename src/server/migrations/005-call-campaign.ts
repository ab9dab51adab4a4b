import type { ServerMigration } from './index';

export const m005CallCampaign: ServerMigration = {
  version: 5,
  name: 'the campaign of each call',
  sql: `
      -- Which campaign a call was worked under, for supervisors' reports; null for calls
      -- pushed by clients that did not send it.
      ALTER TABLE calls ADD COLUMN campaign_id text;
      CREATE INDEX calls_campaign ON calls (campaign_id, started_at DESC) WHERE campaign_id IS NOT NULL;
    `,
};
