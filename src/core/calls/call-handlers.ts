import type { calls, Handlers } from '../../contract';
import type { EventBus } from '../event-bus';
import type { CallRepository } from './call-repository';

export const callHandlers = (repo: CallRepository, bus: EventBus): Handlers<typeof calls> => ({
  logEvent: (event) => {
    const { call, changed } = repo.logEvent(event);
    if (changed) {
      bus.emit('calls.updated', call);
    }
    return call;
  },
  history: ({ limit, contactId, before }) => repo.history(limit, { contactId, before }),
});
