import { isDeepStrictEqual } from 'node:util';
import type { Presence, PresenceRequest, PresenceState } from '../../contract';
import type { EventBus } from '../event-bus';
import type { PresenceRepository } from './presence-repository';

export const INITIAL_PRESENCE_STATE: PresenceState = 'Offline';

/** Holds the agent's presence: persisted on every change, announced to every window and the tray. */
export class PresenceService {
  private state: Presence;

  constructor(
    private readonly repo: PresenceRepository,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = repo.current() ?? { state: INITIAL_PRESENCE_STATE, reason: null, since: now().toISOString() };
  }

  get(): Presence {
    return this.state;
  }

  /**
   * Sets the state (logged, queued for the server, announced) and, on a call or in wrap-up, the
   * state the agent asked to go to afterwards (announced only: the work flow keeps it).
   */
  set(state: PresenceState, reason?: string | null, next: PresenceRequest | null = null): Presence {
    const reasonOrNull = reason ? reason : null;
    if (state === this.state.state && reasonOrNull === this.state.reason) {
      if (isDeepStrictEqual(next, this.state.next ?? null)) return this.state;
      // Only the plan for afterwards changed: nothing to log or sync.
      this.state = { ...this.state, next };
      this.bus.emit('presence.changed', this.state);
      return this.state;
    }
    const logged: Presence = { state, reason: reasonOrNull, since: this.now().toISOString() };
    this.repo.record(logged);
    this.state = { ...logged, next };
    this.bus.emit('presence.changed', this.state);
    return this.state;
  }
}
