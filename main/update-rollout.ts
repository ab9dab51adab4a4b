import { createHash } from 'node:crypto';
import type { AdminPolicy } from '../src/contract';
import type { UpdatePolicy } from './update-policy';

/** The update settings in force, with the share of machines that take a new version first. */
export interface EffectiveUpdatePolicy extends UpdatePolicy {
  /** 0–100: machines whose rollout bucket is below it take a new version now; 100 = every machine. */
  readonly rolloutPercent: number;
}

/**
 * IT's machine-wide admin policy (`updates`: on/off, channel, rollout percentage; issue 15 B1)
 * over the older update-policy file (feed URL, restart when idle). The admin policy wins for the
 * fields it sets; a malformed update-policy file already turned updates off and stays off. Pure.
 */
export function effectiveUpdatePolicy(file: UpdatePolicy, admin: AdminPolicy['updates'] | undefined, fileProblem: string | null = null): EffectiveUpdatePolicy {
  if (!admin) return { ...file, rolloutPercent: 100 };
  return { ...file, enabled: admin.enabled && fileProblem === null, channel: admin.channel, rolloutPercent: admin.rolloutPercent };
}

/**
 * This machine's place (0–99) in the rollout of `version`: the first 32 bits of
 * SHA-256(device id, version) mod 100. Stable — the same machine gets the same answer every
 * time it checks, so a 10 % rollout does not creep up with each check — and drawn afresh per
 * version, so the same machines are not always the first to take a new build. Pure.
 */
export function rolloutBucket(deviceId: string, version: string): number {
  const digest = createHash('sha256').update(`${deviceId}\n${version}`).digest();
  return digest.readUInt32BE(0) % 100;
}

/** Whether this machine takes `version` now under a rollout of `percent` %. Pure. */
export function inRollout(percent: number, deviceId: string, version: string): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return rolloutBucket(deviceId, version) < percent;
}
