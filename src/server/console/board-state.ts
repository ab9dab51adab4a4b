import type { BoardState, Heartbeat } from '../../contract';

/**
 * What the board shows for one agent, from the latest heartbeat and when the server heard it.
 * A workstation silent for longer than `lagAfterMs` is Lagged (its power or line died, or it
 * froze) unless its last word was that the agent signed off (Offline). Pure: both server
 * instances, given the same row and clock, show the same state.
 *
 * @param heardAtMs server time of the last heartbeat, ms since the epoch; null: never heard
 * @returns the state and since when (ms since the epoch; null when unknown)
 */
export function boardStateOf(beat: Heartbeat | null, heardAtMs: number | null, nowMs: number, lagAfterMs: number): { state: BoardState; sinceMs: number | null } {
  if (beat === null || heardAtMs === null) return { state: 'Offline', sinceMs: null };
  const presence = beat.presence.state;
  if (nowMs - heardAtMs > lagAfterMs) return presence === 'Offline' ? { state: 'Offline', sinceMs: heardAtMs } : { state: 'Lagged', sinceMs: heardAtMs };
  if (beat.call !== null) return { state: 'On call', sinceMs: Date.parse(beat.call.answeredAt ?? beat.call.startedAt) };
  const since = Date.parse(beat.presence.since);
  if (presence === 'Busy') return { state: 'On call', sinceMs: since };
  return { state: presence, sinceMs: since };
}

/** A quarter of the lag time, so three beats can be lost before an agent shows as Lagged; at least 1 s. */
export function heartbeatIntervalFor(lagAfterMs: number): number {
  return Math.max(1000, Math.floor(lagAfterMs / 4));
}
