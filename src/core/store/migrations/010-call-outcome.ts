import type { Migration } from './index';

/**
 * How each call went, in the field's terms (CallRecord.outcome): written with the call's end.
 *
 * calls.outcome  'answered' | 'missed' | 'abandoned' | 'declined' | 'failed'; null while the call
 *                is live, and for calls logged before this column (or pulled from a server older than
 *                its migration 015, which carries outcomes on the sync wire).
 */
export const m010CallOutcome: Migration = {
  version: 10,
  name: 'call outcome',
  sql: `
    ALTER TABLE calls ADD COLUMN outcome TEXT CHECK (outcome IN ('answered', 'missed', 'abandoned', 'declined', 'failed'));
  `,
};
