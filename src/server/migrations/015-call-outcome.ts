import type { ServerMigration } from './index';

export const m015CallOutcome: ServerMigration = {
  version: 15,
  name: 'call outcome',
  sql: `
      -- How each call went (call.upsert outcome, the client's calls.outcome, local migration 010), for
      -- the team KPIs (console/kpis.ts): answered vs missed vs declined vs failed. Null while live and
      -- for calls from workstations older than outcomes; the KPIs read those from answered_at.
      ALTER TABLE calls ADD COLUMN outcome text CHECK (outcome IN ('answered', 'missed', 'abandoned', 'declined', 'failed'));
    `,
};
