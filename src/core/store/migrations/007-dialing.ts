import type { Migration } from './index';

/**
 * Preview dialing: the server's do-not-call list, and what linking a placed call to its lead needs.
 *
 * dnc_numbers  the server's do-not-call list (pulled as 'dnc' changes; a number taken off the
 *              list is deleted). Kept apart from contacts.do_not_call, which is the customer's
 *              own request and an agent-editable contact field: a listed number stays blocked
 *              whatever happens to the contact record, and the agent is told which rule applies.
 * leads.dialed_number / dialed_at  set locally when the agent dials a lead: the call the phone
 *              logs to that number within a minute is that lead's call.
 * leads.worked_by  the server agent who dialed or skipped the lead (from the server).
 */
export const m007Dialing: Migration = {
  version: 7,
  name: 'do-not-call list, dialed leads',
  sql: `
    CREATE TABLE dnc_numbers (
      e164       TEXT PRIMARY KEY,
      reason     TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    ALTER TABLE leads ADD COLUMN dialed_number TEXT;
    ALTER TABLE leads ADD COLUMN dialed_at TEXT;
    ALTER TABLE leads ADD COLUMN worked_by TEXT;
    CREATE INDEX leads_dialed ON leads (dialed_number, dialed_at) WHERE dialed_number IS NOT NULL;
  `,
};
