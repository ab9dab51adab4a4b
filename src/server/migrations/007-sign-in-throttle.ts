import type { ServerMigration } from './index';

export const m007SignInThrottle: ServerMigration = {
  version: 7,
  name: 'sign-in throttle',
  sql: `
      -- Failed sign-ins per account and per address, shared by every server instance on this
      -- database (sign-in-throttle.ts): a key is locked out after too many in its window.
      CREATE TABLE sign_in_throttle (
        key           text PRIMARY KEY,
        attempts      integer NOT NULL,
        window_start  timestamptz NOT NULL,
        locked_until  timestamptz
      );
    `,
};
