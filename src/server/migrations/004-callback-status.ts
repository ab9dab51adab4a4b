import type { ServerMigration } from './index';

export const m004CallbackStatus: ServerMigration = {
  version: 4,
  name: 'callback status',
  sql: `
      -- A callback is scheduled until its agent marks it done or cancels it (callback.status).
      ALTER TABLE callbacks
        ADD COLUMN status    text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled')),
        ADD COLUMN status_at timestamptz;
    `,
};
