import type { ServerMigration } from './index';

export const m014DeviceFinalPush: ServerMigration = {
  version: 14,
  name: 'device final push',
  sql: `
      -- Remote wipe (issue 15 B2): until this time a revoked device's ended tokens may still
      -- push (never pull), so what the agent typed before the wipe reaches the server. NULL:
      -- nothing more is accepted from it (a stolen laptop: revoke-device --no-final-push).
      ALTER TABLE revoked_devices ADD COLUMN final_push_until timestamptz;
    `,
};
