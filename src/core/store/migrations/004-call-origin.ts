import type { Migration } from './index';

/**
 * calls.logged_here: 1 for calls this workstation's phone logged (calls.logEvent), 0 for calls
 * pulled from the server (the agent's other devices, history). Only the first kind can be the
 * agent's open wrap-up after a restart. Pull-apply leaves the column alone.
 */
export const m004CallOrigin: Migration = {
  version: 4,
  name: 'calls: which ones this workstation logged',
  sql: `
    ALTER TABLE calls ADD COLUMN logged_here INTEGER NOT NULL DEFAULT 0 CHECK (logged_here IN (0, 1));
    -- Before this column only development builds existed, and their calls were logged locally.
    UPDATE calls SET logged_here = 1;
  `,
};
