import { z } from 'zod';
import type { Sql } from './db';

/**
 * Workstations as IT sees them (the admin CLI): each token records the device (the
 * workstation's sync client id) it was issued to. Revoking a device ends its tokens at once —
 * its next request is DEVICE_REVOKED and it goes back to sign-in — and refuses its sign-ins
 * until IT restores it.
 */

export const DeviceRow = z.object({
  device_id: z.string(),
  username: z.string(),
  last_used_at: z.date(),
  live_sessions: z.number().int(),
  revoked: z.boolean(),
});
export type DeviceRow = z.infer<typeof DeviceRow>;

/** Every device that has signed in, per agent, newest use first. */
export async function listDevices(db: Sql): Promise<DeviceRow[]> {
  const { rows } = await db.query(
    `SELECT s.device_id::text, a.username, max(s.last_used_at) AS last_used_at,
            (count(*) FILTER (WHERE s.revoked_at IS NULL))::int AS live_sessions,
            EXISTS (SELECT 1 FROM revoked_devices r WHERE r.device_id = s.device_id) AS revoked
     FROM sessions s JOIN agents a ON a.id = s.agent_id
     WHERE s.device_id IS NOT NULL
     GROUP BY s.device_id, a.username ORDER BY 3 DESC`,
  );
  return rows.map((r) => DeviceRow.parse(r));
}

/** Revokes a device: ends its live tokens and refuses its sign-ins. Returns how many tokens ended. */
export async function revokeDevice(db: Sql, deviceId: string): Promise<number> {
  const { rows } = await db.query<{ ended: number }>(
    `WITH listed AS (INSERT INTO revoked_devices (device_id) VALUES ($1) ON CONFLICT DO NOTHING),
     ended AS (
       UPDATE sessions SET revoked_at = now(), revoked_reason = 'device-revoked'
       WHERE device_id = $1 AND revoked_at IS NULL RETURNING 1
     )
     SELECT count(*)::int AS ended FROM ended`,
    [deviceId],
  );
  return rows[0]?.ended ?? 0;
}

/** Lets a revoked device sign in again (its ended tokens stay ended). True if it was revoked. */
export async function restoreDevice(db: Sql, deviceId: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM revoked_devices WHERE device_id = $1 RETURNING 1', [deviceId]);
  return rows.length > 0;
}
