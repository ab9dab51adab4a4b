import type { ServerMigration } from './index';

export const m006CallHoldTime: ServerMigration = {
  version: 6,
  name: 'hold time per call',
  sql: `
      -- Whole seconds the agent held the customer (call.upsert holdSeconds), for AHT = talk + hold + wrap-up.
      ALTER TABLE calls ADD COLUMN hold_seconds integer NOT NULL DEFAULT 0 CHECK (hold_seconds >= 0);
    `,
};
