/** The laptop's rules as pure functions: power readings merged, battery alerts, auto-away, IT's settings. */
import { describe, expect, it } from 'vitest';
import { idleAwayDue, idleAwayFromEnv, idleCheckDelay } from '../../src/core/field/idle-away';
import { DEFAULT_POWER_THRESHOLDS, mergePowerReadings, powerActions, powerAlertFor, powerThresholdsFromEnv } from '../../src/core/field/power-policy';
import { pagePowerOf } from '../../renderer/src/status-bar/laptop-reports';

const T = DEFAULT_POWER_THRESHOLDS;

describe('power readings', () => {
  it("takes the host's source and the page's level when the host has none (Electron has no level API)", () => {
    expect(mergePowerReadings({ power: 'battery', batteryPercent: null }, { power: 'battery', batteryPercent: 42 })).toEqual({ power: 'battery', batteryPercent: 42 });
    expect(mergePowerReadings({ power: 'unknown', batteryPercent: null }, { power: 'battery', batteryPercent: 42 })).toEqual({ power: 'battery', batteryPercent: 42 });
    expect(mergePowerReadings({ power: 'ac', batteryPercent: 80 }, { power: 'battery', batteryPercent: 10 })).toEqual({ power: 'ac', batteryPercent: 80 });
    // The page says battery but the host knows mains: the page's discharge level is stale, not used.
    expect(mergePowerReadings({ power: 'ac', batteryPercent: null }, { power: 'battery', batteryPercent: 10 })).toEqual({ power: 'ac', batteryPercent: null });
    expect(mergePowerReadings({ power: 'unknown', batteryPercent: null }, null)).toEqual({ power: 'unknown', batteryPercent: null });
  });

  it('alerts only on battery with a known level, at the thresholds inclusive', () => {
    expect(powerAlertFor({ power: 'battery', batteryPercent: 16 }, T)).toBe('none');
    expect(powerAlertFor({ power: 'battery', batteryPercent: 15 }, T)).toBe('low');
    expect(powerAlertFor({ power: 'battery', batteryPercent: 8 }, T)).toBe('low');
    expect(powerAlertFor({ power: 'battery', batteryPercent: 7 }, T)).toBe('critical');
    expect(powerAlertFor({ power: 'battery', batteryPercent: 0 }, T)).toBe('critical');
    expect(powerAlertFor({ power: 'ac', batteryPercent: 3 }, T)).toBe('none');
    expect(powerAlertFor({ power: 'battery', batteryPercent: null }, T)).toBe('none');
    expect(powerAlertFor({ power: 'unknown', batteryPercent: 3 }, T)).toBe('none');
  });

  it('syncs when the power source changes to battery and goes Not Ready on reaching critical, once', () => {
    expect(powerActions({ power: 'ac', powerAlert: 'none' }, { power: 'battery', powerAlert: 'none' })).toEqual({ syncNow: true, goNotReady: false });
    expect(powerActions({ power: 'unknown', powerAlert: 'none' }, { power: 'battery', powerAlert: 'critical' })).toEqual({ syncNow: true, goNotReady: true });
    expect(powerActions({ power: 'battery', powerAlert: 'low' }, { power: 'battery', powerAlert: 'critical' })).toEqual({ syncNow: false, goNotReady: true });
    expect(powerActions({ power: 'battery', powerAlert: 'critical' }, { power: 'battery', powerAlert: 'critical' })).toEqual({ syncNow: false, goNotReady: false });
    expect(powerActions({ power: 'battery', powerAlert: 'critical' }, { power: 'ac', powerAlert: 'none' })).toEqual({ syncNow: false, goNotReady: false });
  });

  it("reads IT's thresholds, reporting a bad one by name and keeping its default", () => {
    expect(powerThresholdsFromEnv({})).toEqual({ thresholds: T, problems: [] });
    expect(powerThresholdsFromEnv({ AGENT_BATTERY_LOW_PERCENT: '25', AGENT_BATTERY_CRITICAL_PERCENT: '10' }).thresholds).toEqual({ lowPercent: 25, criticalPercent: 10 });
    const bad = powerThresholdsFromEnv({ AGENT_BATTERY_LOW_PERCENT: 'fifteen' });
    expect(bad.thresholds).toEqual(T);
    expect(bad.problems[0]).toContain('AGENT_BATTERY_LOW_PERCENT="fifteen"');
    const crossed = powerThresholdsFromEnv({ AGENT_BATTERY_LOW_PERCENT: '10', AGENT_BATTERY_CRITICAL_PERCENT: '20' });
    expect(crossed.thresholds).toEqual(T);
    expect(crossed.problems[0]).toContain('above');
  });

  it("reads the page's Battery Status API, a broken level as unknown", () => {
    expect(pagePowerOf({ charging: false, level: 0.42 })).toEqual({ power: 'battery', batteryPercent: 42 });
    expect(pagePowerOf({ charging: true, level: 1 })).toEqual({ power: 'ac', batteryPercent: 100 });
    expect(pagePowerOf({ charging: false, level: Number.NaN })).toEqual({ power: 'battery', batteryPercent: null });
    expect(pagePowerOf({ charging: false, level: 7 })).toEqual({ power: 'battery', batteryPercent: null });
  });
});

describe('auto-away', () => {
  const policy = { afterMs: 5 * 60_000, state: 'Break' as const };

  it('sends only an Available agent with no work open, after the idle time', () => {
    expect(idleAwayDue(5 * 60_000, 'Available', 'idle', policy)).toBe(true);
    expect(idleAwayDue(5 * 60_000 - 1, 'Available', 'idle', policy)).toBe(false);
    // Listening to a customer is work without input.
    expect(idleAwayDue(60 * 60_000, 'Busy', 'on-call', policy)).toBe(false);
    expect(idleAwayDue(60 * 60_000, 'Wrap-up', 'wrap-up', policy)).toBe(false);
    expect(idleAwayDue(60 * 60_000, 'Lunch', 'idle', policy)).toBe(false);
    expect(idleAwayDue(60 * 60_000, 'Available', 'idle', null)).toBe(false);
  });

  it('treats a clock that went back as input just now, and never checks more than once a second', () => {
    expect(idleAwayDue(-3_600_000, 'Available', 'idle', policy)).toBe(false);
    expect(idleCheckDelay(-3_600_000, policy)).toBe(policy.afterMs);
    expect(idleCheckDelay(60_000, policy)).toBe(4 * 60_000);
    expect(idleCheckDelay(10 * 60_000, policy)).toBe(1000);
  });

  it("is off unless IT sets it, and a bad setting leaves it off with the setting's name", () => {
    expect(idleAwayFromEnv({})).toEqual({ policy: null, problems: [] });
    expect(idleAwayFromEnv({ AGENT_IDLE_AWAY_MINUTES: '0' }).policy).toBeNull();
    expect(idleAwayFromEnv({ AGENT_IDLE_AWAY_MINUTES: '2.5' }).policy).toEqual({ afterMs: 150_000, state: 'Break' });
    expect(idleAwayFromEnv({ AGENT_IDLE_AWAY_MINUTES: '3', AGENT_IDLE_AWAY_STATE: 'Meeting' }).policy).toEqual({ afterMs: 180_000, state: 'Meeting' });
    expect(idleAwayFromEnv({ AGENT_IDLE_AWAY_MINUTES: 'soon' }).problems[0]).toContain('AGENT_IDLE_AWAY_MINUTES="soon"');
    const wrongState = idleAwayFromEnv({ AGENT_IDLE_AWAY_MINUTES: '3', AGENT_IDLE_AWAY_STATE: 'Available' });
    expect(wrongState.policy).toBeNull();
    expect(wrongState.problems[0]).toContain('AGENT_IDLE_AWAY_STATE="Available"');
  });
});

describe("IT's policy and the environment together", () => {
  it("takes auto-away's minutes from the machine-wide policy over the environment, the state from the environment", async () => {
    const { fieldSettingsFromEnv } = await import('../../src/core/field/field-settings');
    const { silentLogger } = await import('../../src/core/log');
    expect(fieldSettingsFromEnv({ AGENT_IDLE_AWAY_MINUTES: '10', AGENT_IDLE_AWAY_STATE: 'Lunch' }, silentLogger, 3).idleAway).toEqual({ afterMs: 180_000, state: 'Lunch' });
    expect(fieldSettingsFromEnv({ AGENT_IDLE_AWAY_MINUTES: '10' }, silentLogger).idleAway).toEqual({ afterMs: 600_000, state: 'Break' });
    expect(fieldSettingsFromEnv({}, silentLogger).idleAway).toBeNull();
  });
});
