import type { Migration } from './index';

/**
 * The server's pull cursor became an opaque (transaction, version) position (see PullCursor in
 * the sync protocol): it is kept as text in sync_state.position. sync_state.cursor keeps a
 * numeric cursor from older servers until the first pull from a newer one replaces it; the
 * server reads that number as the position it always meant.
 */
export const m009PullPosition: Migration = {
  version: 9,
  name: 'pull position',
  sql: `
    ALTER TABLE sync_state ADD COLUMN position TEXT;
  `,
};
