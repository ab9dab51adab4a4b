import type { SyncProgress } from '../../contract';

/** A pull counted at least this many changes ahead: the status bar shows its progress. */
export const PROGRESS_FROM = 1000;

/**
 * What the status bar says about a large pull: contacts applied out of the total the server
 * counted when the pull began, and the seconds left at the rate so far. Rate needs at least one
 * applied change and some elapsed time; the estimate is rounded up to whole seconds.
 *
 * @param elapsedMs  since the pull began (ms)
 * @param applied    changes applied so far (every entity: the rate is in changes)
 * @param counted    changes the server counted ahead when the pull began
 */
export function syncProgress(p: { elapsedMs: number; applied: number; counted: number; contacts: number; totalContacts: number }): SyncProgress {
  const left = Math.max(0, p.counted - p.applied);
  const etaSeconds = p.applied > 0 && p.elapsedMs > 0 ? Math.ceil(((p.elapsedMs / p.applied) * left) / 1000) : null;
  return { contacts: Math.min(p.contacts, p.totalContacts), total: p.totalContacts, etaSeconds };
}
