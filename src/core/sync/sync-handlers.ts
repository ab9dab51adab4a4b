import type { Handlers, sync } from '../../contract';
import type { SyncStatusTracker } from './sync-status';

export const syncHandlers = (status: SyncStatusTracker): Handlers<typeof sync> => ({
  status: () => status.get(),
});
