import type { Migration } from './index';

/**
 * Campaigns and their lead lists, pulled from the server (pull-apply writes both tables).
 *
 * campaigns  one row per campaign; `wrapup` and `dispositions` hold the JSON of the
 *            contract's AfterCallWorkPolicy and DispositionCode[], validated when read.
 * leads      the outbound list, worked in `position` order. `status` changes locally when the
 *            agent dials or skips (with an outbox row), and from the server when another
 *            agent worked the lead.
 * calls.campaign_id  the campaign the agent was working when the call rang or was placed:
 *            it decides the call's script, dispositions and after-call-work rule.
 */
export const m005Campaigns: Migration = {
  version: 5,
  name: 'campaigns, leads, and the campaign of each call',
  sql: `
    CREATE TABLE campaigns (
      id           TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      script_id    TEXT,
      wrapup       TEXT NOT NULL,
      dispositions TEXT NOT NULL,
      position     INTEGER NOT NULL DEFAULT 0,
      updated_at   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE leads (
      id          TEXT PRIMARY KEY,
      campaign_id TEXT NOT NULL,
      contact_id  TEXT NOT NULL,
      position    INTEGER NOT NULL,
      status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dialed', 'skipped')),
      skip_reason TEXT,
      call_id     TEXT,
      updated_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX leads_queue ON leads (campaign_id, status, position);

    ALTER TABLE calls ADD COLUMN campaign_id TEXT;
  `,
};
