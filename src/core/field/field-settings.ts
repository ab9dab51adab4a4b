import type { Logger } from '../log';
import { idleAwayFromEnv, type IdleAwayPolicy } from './idle-away';
import { powerThresholdsFromEnv, type PowerThresholds } from './power-policy';

/**
 * The laptop rules both hosts apply: battery levels from the environment, auto-away from IT's
 * machine-wide policy (`idleAwayMinutes`, src/core/policy/admin-policy.ts) where it sets one, else
 * from AGENT_IDLE_AWAY_MINUTES; AGENT_IDLE_AWAY_STATE names the state. A bad value is logged by
 * name and its default used.
 */
export function fieldSettingsFromEnv(
  env: Record<string, string | undefined>,
  log: Logger,
  policyIdleAwayMinutes?: number,
): { power: PowerThresholds; idleAway: IdleAwayPolicy | null } {
  const power = powerThresholdsFromEnv(env);
  const idle = idleAwayFromEnv(policyIdleAwayMinutes === undefined ? env : { ...env, AGENT_IDLE_AWAY_MINUTES: String(policyIdleAwayMinutes) });
  for (const problem of [...power.problems, ...idle.problems]) log.warn(`field settings: ${problem}`);
  return { power: power.thresholds, idleAway: idle.policy };
}
