import type { Logger } from '../log';
import { idleAwayFromEnv, type IdleAwayPolicy } from './idle-away';
import { powerThresholdsFromEnv, type PowerThresholds } from './power-policy';

/** The laptop rules both hosts read from IT's environment; a bad value is logged by name and its default used. */
export function fieldSettingsFromEnv(env: Record<string, string | undefined>, log: Logger): { power: PowerThresholds; idleAway: IdleAwayPolicy | null } {
  const power = powerThresholdsFromEnv(env);
  const idle = idleAwayFromEnv(env);
  for (const problem of [...power.problems, ...idle.problems]) log.warn(`field settings: ${problem}`);
  return { power: power.thresholds, idleAway: idle.policy };
}
