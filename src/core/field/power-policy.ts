import type { PowerAlert, PowerSource } from '../../contract';

/**
 * What the laptop's power means for the agent. Pure: the host's and the page's readings in,
 * the effective reading and its alert out; `Environment` applies them.
 */

/** One reading of the power supply: its source and, where it can be read, the battery level (0–100 %). */
export interface PowerReading {
  readonly power: PowerSource;
  readonly batteryPercent: number | null;
}

export const UNKNOWN_POWER: PowerReading = { power: 'unknown', batteryPercent: null };

/**
 * Battery levels that change what the desk does, in percent. Defaults: warn at 15 %, and at 7 %
 * (roughly 10–20 minutes left on a typical laptop battery, i.e. one more call and its wrap-up)
 * take no new customer calls. IT overrides them (AGENT_BATTERY_LOW_PERCENT, AGENT_BATTERY_CRITICAL_PERCENT).
 */
export interface PowerThresholds {
  readonly lowPercent: number;
  readonly criticalPercent: number;
}

export const DEFAULT_POWER_THRESHOLDS: PowerThresholds = { lowPercent: 15, criticalPercent: 7 };

/**
 * The reading to act on. The host knows the source better (Electron's powerMonitor, Linux's
 * power_supply), the page often knows the level better (the Battery Status API; Electron has no
 * level API): take the host's source unless it is unknown, and the host's level unless it has none.
 */
export function mergePowerReadings(host: PowerReading, page: PowerReading | null): PowerReading {
  if (!page) return host;
  const power = host.power !== 'unknown' ? host.power : page.power;
  const batteryPercent = host.batteryPercent ?? (power === page.power || page.power === 'unknown' ? page.batteryPercent : null);
  return { power, batteryPercent };
}

/**
 * `low` and `critical` only on battery with a known level: on mains a low level is charging,
 * and an unknown level must never send an agent Not Ready.
 */
export function powerAlertFor(reading: PowerReading, t: PowerThresholds): PowerAlert {
  if (reading.power !== 'battery' || reading.batteryPercent === null) return 'none';
  if (reading.batteryPercent <= t.criticalPercent) return 'critical';
  if (reading.batteryPercent <= t.lowPercent) return 'low';
  return 'none';
}

/**
 * Thresholds from the environment. A value that is not a number in 1–100, or a critical level
 * above the low one, is reported by name and its default kept: a typo by IT must not send every
 * agent Not Ready.
 */
export function powerThresholdsFromEnv(env: Record<string, string | undefined>): { thresholds: PowerThresholds; problems: string[] } {
  const problems: string[] = [];
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 1 || value > 100) {
      problems.push(`${name}="${raw}" is not a percentage from 1 to 100; using ${fallback}.`);
      return fallback;
    }
    return value;
  };
  const lowPercent = read('AGENT_BATTERY_LOW_PERCENT', DEFAULT_POWER_THRESHOLDS.lowPercent);
  const criticalPercent = read('AGENT_BATTERY_CRITICAL_PERCENT', DEFAULT_POWER_THRESHOLDS.criticalPercent);
  if (criticalPercent > lowPercent) {
    problems.push(`AGENT_BATTERY_CRITICAL_PERCENT (${criticalPercent}) is above AGENT_BATTERY_LOW_PERCENT (${lowPercent}); using the defaults.`);
    return { thresholds: DEFAULT_POWER_THRESHOLDS, problems };
  }
  return { thresholds: { lowPercent, criticalPercent }, problems };
}

/** The reason presence carries when a dying battery sent the agent Not Ready. */
export const LOW_BATTERY_REASON = 'Low battery';

/**
 * What a change of power means, from the reading before and after: switching to battery pushes
 * everything unsynced at once (the laptop may die within the hour, and the line may go with the
 * power at a home router); reaching the critical level takes the agent out of the queue.
 */
export function powerActions(before: { power: PowerSource; powerAlert: PowerAlert }, now: { power: PowerSource; powerAlert: PowerAlert }): { syncNow: boolean; goNotReady: boolean } {
  return {
    syncNow: now.power === 'battery' && before.power !== 'battery',
    goNotReady: now.powerAlert === 'critical' && before.powerAlert !== 'critical',
  };
}
