import type { Handlers, presence } from '../../contract';
import type { PresenceService } from './presence-service';

export const presenceHandlers = (service: PresenceService): Handlers<typeof presence> => ({
  get: () => service.get(),
  set: ({ state, reason }) => service.set(state, reason),
});
