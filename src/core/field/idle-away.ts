import type { PresenceState } from '../../contract';
import type { WorkPhase } from '../presence/presence-flow';

/**
 * Auto-away: an agent Available with no keyboard or mouse input for a while is not at the desk,
 * and a customer call offered to them rings out. Pure rules; `IdleWatch` runs them on the core's clock.
 */

/** The reason presence carries when auto-away set it; the desk explains it when the agent returns. */
export const IDLE_REASON = 'Idle';

/** IT's auto-away rule: after `afterMs` without input, go to `state` (a Not Ready state). */
export interface IdleAwayPolicy {
  readonly afterMs: number;
  readonly state: PresenceState;
}

const NOT_READY_STATES: readonly PresenceState[] = ['Break', 'Lunch', 'Training', 'Meeting'];

/**
 * Whether to send the agent away now. Only from Available and only with no work open: a call or a
 * wrap-up is work even without input (listening to a customer), and any other state already
 * takes no calls. `idleMs` below zero (the clock went back) counts as input just now.
 */
export function idleAwayDue(idleMs: number, presence: PresenceState, phase: WorkPhase, policy: IdleAwayPolicy | null): boolean {
  if (!policy || presence !== 'Available' || phase !== 'idle') return false;
  return Math.max(0, idleMs) >= policy.afterMs;
}

/** How long until the rule could fire, for the timer: never less than a second, so a jumpy clock can't spin it. */
export function idleCheckDelay(idleMs: number, policy: IdleAwayPolicy): number {
  return Math.max(1000, policy.afterMs - Math.max(0, idleMs));
}

/**
 * AGENT_IDLE_AWAY_MINUTES (decimal minutes; unset, empty or 0: off) and AGENT_IDLE_AWAY_STATE
 * (a Not Ready state, Break by default). Off unless IT sets it, the demo included. A bad value
 * is reported by name and auto-away stays off.
 */
export function idleAwayFromEnv(env: Record<string, string | undefined>): { policy: IdleAwayPolicy | null; problems: string[] } {
  const raw = env.AGENT_IDLE_AWAY_MINUTES;
  if (raw === undefined || raw === '' || raw === '0') return { policy: null, problems: [] };
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
    return { policy: null, problems: [`AGENT_IDLE_AWAY_MINUTES="${raw}" is not a number of minutes (0–1440); auto-away is off.`] };
  }
  const state = (env.AGENT_IDLE_AWAY_STATE ?? 'Break') as PresenceState;
  if (!NOT_READY_STATES.includes(state)) {
    return { policy: null, problems: [`AGENT_IDLE_AWAY_STATE="${state}" is not one of ${NOT_READY_STATES.join(', ')}; auto-away is off.`] };
  }
  return { policy: { afterMs: Math.round(minutes * 60_000), state }, problems: [] };
}
