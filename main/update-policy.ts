import fs from 'node:fs';
import { z } from 'zod';

/**
 * IT's per-machine update policy (a JSON file they deploy): pin the feed, the channel, or turn
 * updates off. A malformed file turns updates off rather than guessing.
 */
export const UpdatePolicy = z
  .object({
    enabled: z.boolean().default(true),
    feedUrl: z.url().optional(),
    channel: z.enum(['latest', 'beta']).default('latest'),
    /**
     * Install a downloaded update by restarting as soon as the agent is idle (never during a
     * call or a wrap-up: update-restart.ts), instead of only when the agent quits.
     */
    restartWhenIdle: z.boolean().default(false),
  })
  .strict();
export type UpdatePolicy = z.infer<typeof UpdatePolicy>;

export function readUpdatePolicy(file: string): { policy: UpdatePolicy; problem: string | null } {
  if (!fs.existsSync(file)) return { policy: UpdatePolicy.parse({}), problem: null };
  try {
    const parsed = UpdatePolicy.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return { policy: parsed.data, problem: null };
    return { policy: { enabled: false, channel: 'latest', restartWhenIdle: false }, problem: `invalid update policy ${file}: ${parsed.error.message}` };
  } catch (err) {
    return { policy: { enabled: false, channel: 'latest', restartWhenIdle: false }, problem: `unreadable update policy ${file}: ${String(err)}` };
  }
}

/** Where IT puts the policy on each platform. */
export function updatePolicyPath(): string {
  if (process.platform === 'win32') return `${process.env.ProgramData ?? 'C:\\ProgramData'}\\AgentWorkstation\\update-policy.json`;
  if (process.platform === 'darwin') return '/Library/Application Support/AgentWorkstation/update-policy.json';
  return '/etc/agent-workstation/update-policy.json';
}
