import type { Presence, PresenceState } from '../../contract';
import type { EventBus } from '../event-bus';
import type { LocalChanges } from '../sync/local-changes';
import type { PresenceRepository } from './presence-repository';

export const INITIAL_PRESENCE_STATE: PresenceState = 'Offline';

/** Holds the agent's presence: persisted on every change, announced to every window and the tray. */
export class PresenceService {
  private state: Presence;

  constructor(
    private readonly repo: PresenceRepository,
    private readonly bus: EventBus,
    private readonly changes: LocalChanges,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = repo.current() ?? { state: INITIAL_PRESENCE_STATE, reason: null, since: now().toISOString() };
  }

  get(): Presence {
    return this.state;
  }

  set(state: PresenceState, reason?: string): Presence {
    const next: Presence = { state, reason: reason ? reason : null, since: this.now().toISOString() };
    if (next.state === this.state.state && next.reason === this.state.reason) return this.state;
    this.repo.record(next);
    this.state = next;
    this.changes.notify();
    this.bus.emit('presence.changed', next);
    return next;
  }
}
