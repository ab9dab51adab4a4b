import type { ServerMigration } from './index';

export const m010SessionLifetime: ServerMigration = {
  version: 10,
  name: 'session lifetime, revocation reasons and devices',
  sql: `
      -- Sync tokens end (issue 15 A5): after SYNC_SESSION_IDLE_DAYS without use, after
      -- SYNC_SESSION_MAX_DAYS in all, when the password changes, or when IT revokes the device.
      -- Tokens issued before this migration start their idle window now.
      ALTER TABLE sessions ADD COLUMN last_used_at timestamptz;
      UPDATE sessions SET last_used_at = now();
      ALTER TABLE sessions ALTER COLUMN last_used_at SET NOT NULL;
      ALTER TABLE sessions ALTER COLUMN last_used_at SET DEFAULT now();
      -- The workstation the token was issued to (its sync client id), for revoking a device.
      ALTER TABLE sessions ADD COLUMN device_id uuid;
      ALTER TABLE sessions ADD COLUMN revoked_reason text
        CHECK (revoked_reason IN ('signed-out', 'password-changed', 'device-revoked'));
      UPDATE sessions SET revoked_reason = 'signed-out' WHERE revoked_at IS NOT NULL;
      CREATE INDEX sessions_agent_live ON sessions (agent_id) WHERE revoked_at IS NULL;
      CREATE INDEX sessions_device ON sessions (device_id) WHERE device_id IS NOT NULL;

      -- Devices IT revoked: their tokens are ended and they cannot sign in until restored.
      CREATE TABLE revoked_devices (
        device_id  uuid PRIMARY KEY,
        revoked_at timestamptz NOT NULL DEFAULT now()
      );
    `,
};
