import { WORKSTATION_RESTARTED, type calls, type Handlers } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { CallRepository } from './call-repository';

export const callHandlers = (repo: CallRepository, bus: EventBus, clock: Clock): Handlers<typeof calls> => ({
  logEvent: (event) => {
    const { call, changed } = repo.logEvent(event);
    if (changed) {
      bus.emit('calls.updated', call);
    }
    return call;
  },
  endOrphans: ({ liveCallIds }) => {
    const live = new Set(liveCallIds);
    const at = clock.now().toISOString();
    return repo
      .openHere()
      .filter((c) => !live.has(c.id))
      .map((c) => {
        const { call, changed } = repo.logEvent({
          callId: c.id,
          direction: c.direction,
          localNumber: c.localNumber,
          remoteNumber: c.remoteNumber,
          event: 'ended',
          at,
          endCause: WORKSTATION_RESTARTED,
        });
        if (changed) bus.emit('calls.updated', call);
        return call;
      });
  },
  history: ({ limit, contactId, before }) => repo.history(limit, { contactId, before }),
});
