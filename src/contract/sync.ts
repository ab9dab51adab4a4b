import { z } from 'zod';
import { method } from './define';
import { AgentErrorShape } from './errors';

export const SyncStatus = z.object({
  online: z.boolean(),
  /** Local changes written but not yet confirmed by the server. */
  pending: z.number().int().nonnegative(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastError: AgentErrorShape.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const sync = {
  status: method(z.object({}).strict(), SyncStatus),
} as const;

export const syncEvents = {
  'sync.status': SyncStatus,
} as const;
