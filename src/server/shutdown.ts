import type { Logger } from '../core/log';

/**
 * How the sync server process stops on SIGTERM/SIGINT: its parts close in order, within a grace
 * period. A part that never finishes (a pool waiting on a connection a stuck request holds, a
 * LISTEN connection that no longer answers) must not keep the instance alive: the load balancer
 * has already stopped sending to it, and an orchestrator would SIGKILL it anyway — Kubernetes
 * after its default 30 s `terminationGracePeriodSeconds`, systemd after 90 s `TimeoutStopSec`.
 * Stopping early loses nothing: an unanswered push is retried by its workstation and applied
 * once (processed mutations), an unanswered pull is asked again.
 */

/** Default grace for the whole shutdown, ms: under Kubernetes' 30 s so the warning is ours, not a SIGKILL. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

export interface ShutdownStep {
  /** What the step closes, as the warning names it: "HTTP server", "PostgreSQL pools". */
  readonly name: string;
  readonly run: () => Promise<void>;
}

/**
 * 'clean' when every step finished within `graceMs`; otherwise 'timed-out' once the grace has
 * passed, after logging a warning naming the step still running (the steps after it are not
 * started). A step that throws is logged and the next one runs: a part failing to close is no
 * reason to leave the rest open.
 */
export async function shutDown(steps: readonly ShutdownStep[], graceMs: number, log: Logger): Promise<'clean' | 'timed-out'> {
  let current = 'starting';
  const all = (async () => {
    for (const step of steps) {
      current = step.name;
      try {
        await step.run();
      } catch (err) {
        log.warn(`shutdown: closing the ${step.name} failed`, { error: err });
      }
    }
    return 'clean' as const;
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), graceMs);
  });
  const outcome = await Promise.race([all, deadline]);
  clearTimeout(timer);
  if (outcome === 'timed-out') log.warn(`shutdown: the ${current} had not closed after ${graceMs} ms; exiting anyway`, { step: current, graceMs });
  return outcome;
}
