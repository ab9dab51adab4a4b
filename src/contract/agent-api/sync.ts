import { z } from 'zod';
import { method } from './define';
import { AgentErrorShape, ErrorCode } from '../shared/errors';

/**
 * A large pull under way (a first sync): contacts applied so far out of the contacts the server
 * counted when it began, and the time left at the rate so far (null until there is a rate).
 */
export const SyncProgress = z.object({
  contacts: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  etaSeconds: z.number().int().nonnegative().nullable(),
  /**
   * Present once every change is in and the pull's new contacts are being indexed for search
   * (issue 17: a large pull indexes them at its end): contacts searchable so far out of all.
   * Until it is gone, searches may miss contacts; lookups by number find them already.
   */
  searchIndex: z.object({ indexed: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncStatus = z.object({
  online: z.boolean(),
  /** Local changes written but not yet confirmed by the server. */
  pending: z.number().int().nonnegative(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastError: AgentErrorShape.nullable(),
  /** Only while a large pull runs (see SyncProgress). */
  progress: SyncProgress.optional(),
  /**
   * True only while the demo's embedded sync server is still starting (issue 16 A9: it starts in
   * a worker after the desk is up; CoreOptions.sync.ready has not resolved). Then there is nothing
   * to sign in to yet, so the desk says the server is starting rather than `lastError`.
   */
  serverStarting: z.literal(true).optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A local change the server refused for good: out of the outbox, kept here until the agent dismisses it. */
export const SyncRejection = z.object({
  mutationId: z.string(),
  kind: z.string(),
  code: ErrorCode,
  message: z.string(),
  rejectedAt: z.iso.datetime(),
});
export type SyncRejection = z.infer<typeof SyncRejection>;

export const sync = {
  status: method(z.object({}).strict(), SyncStatus),
  /** Push and pull now, whatever the backoff; answers the status after the attempt. */
  now: method(z.object({}).strict(), SyncStatus),
  rejections: method(z.object({}).strict(), z.array(SyncRejection)),
  dismissRejection: method(z.object({ mutationId: z.string().max(100) }).strict(), z.object({})),
} as const;

export const syncEvents = {
  'sync.status': SyncStatus,
  'sync.rejected': SyncRejection,
} as const;
