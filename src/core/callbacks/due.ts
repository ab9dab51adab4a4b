/**
 * Which callbacks to remind the agent of now, and when to look again. Pure and computed from
 * each callback's stored due time, never from a countdown, so it is right after a restart, a
 * laptop sleep or a clock change.
 */
export interface DueCandidate {
  readonly id: string;
  readonly dueAt: string;
}

/** The longest a reminder timer sleeps: callbacks pulled from the server are noticed within it. */
export const MAX_REMINDER_WAIT_MS = 30_000;

export function dueCallbacks(
  scheduled: readonly DueCandidate[],
  now: Date,
  reminded: ReadonlySet<string>,
): { due: string[]; nextCheckMs: number } {
  const t = now.getTime();
  const due: string[] = [];
  let nextCheckMs = MAX_REMINDER_WAIT_MS;
  for (const c of scheduled) {
    const at = new Date(c.dueAt).getTime();
    if (Number.isNaN(at)) continue;
    if (at <= t) {
      if (!reminded.has(c.id)) due.push(c.id);
    } else {
      nextCheckMs = Math.min(nextCheckMs, at - t);
    }
  }
  return { due, nextCheckMs };
}
