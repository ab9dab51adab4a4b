import { AgentError, type Handlers, type sync } from '../../contract';
import type { SyncEngine } from './engine';
import type { SyncStatusTracker } from './sync-status';

const noServer = () => new AgentError('NOT_SIGNED_IN', 'No sync server is configured for this profile.');

export const syncHandlers = (
  status: SyncStatusTracker,
  engine: () => SyncEngine | null = () => null,
): Handlers<typeof sync> => ({
  status: () => status.get(),
  now: async () => {
    const e = engine();
    if (!e) throw noServer();
    return e.syncNow();
  },
  rejections: () => engine()?.rejections() ?? [],
  dismissRejection: ({ mutationId }) => {
    engine()?.dismissRejection(mutationId);
    return {};
  },
});
