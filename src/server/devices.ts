import { z } from 'zod';
import type { Sql } from './db';
import { NOTIFY_SESSIONS_ENDED } from './session-cache';

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

/**
 * How long a revoked device may still push what it holds before it wipes itself (issue 15 B2):
 * a laptop switched off for a long weekend still gets its last notes in. After it, or with
 * `finalPushMs: 0` (a stolen laptop), nothing more is accepted from it and what it had not
 * pushed is lost with the wipe.
 */
export const DEFAULT_FINAL_PUSH_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Revokes a device: ends its live tokens and refuses its sign-ins; at its next contact the
 * workstation pushes what it can (while `finalPushMs` lasts) and deletes its agents' stores
 * and keys. Returns how many tokens ended.
 */
export async function revokeDevice(db: Sql, deviceId: string, options: { readonly finalPushMs?: number } = {}): Promise<number> {
  const finalPushMs = options.finalPushMs ?? DEFAULT_FINAL_PUSH_MS;
  const { rows } = await db.query<{ ended: number }>(
    `WITH listed AS (
       INSERT INTO revoked_devices (device_id, final_push_until)
       VALUES ($1, CASE WHEN $2::bigint > 0 THEN now() + make_interval(secs => $2::bigint / 1000.0) END)
       ON CONFLICT (device_id) DO UPDATE SET final_push_until = excluded.final_push_until
     ),
     ended AS (
       UPDATE sessions SET revoked_at = now(), revoked_reason = 'device-revoked'
       WHERE device_id = $1 AND revoked_at IS NULL RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM ended) AS ended, ${NOTIFY_SESSIONS_ENDED}`,
    [deviceId, finalPushMs],
  );
  return rows[0]?.ended ?? 0;
}

/** Lets a revoked device sign in again (its ended tokens stay ended). True if it was revoked. */
export async function restoreDevice(db: Sql, deviceId: string): Promise<boolean> {
  // Its ended tokens' final-push window goes with the row: session caches must read it again.
  const { rows } = await db.query<{ restored: boolean }>(
    `WITH restored AS (DELETE FROM revoked_devices WHERE device_id = $1 RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM restored) AS restored, ${NOTIFY_SESSIONS_ENDED}`,
    [deviceId],
  );
  return rows[0]?.restored === true;
}
