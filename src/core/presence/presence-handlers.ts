import type { Handlers, Presence, PresenceState, presence } from '../../contract';
import type { PresenceService } from './presence-service';

/** `request` decides what an agent's pick means while a call or wrap-up is open (the work flow). */
export const presenceHandlers = (
  service: PresenceService,
  request: (state: PresenceState, reason: string | undefined) => Presence,
): Handlers<typeof presence> => ({
  get: () => service.get(),
  set: ({ state, reason }) => request(state, reason),
});
