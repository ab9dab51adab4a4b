import { z } from 'zod';
import { method } from './define';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '../shared/text-limits';

export const Agent = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
});
export type Agent = z.infer<typeof Agent>;

export const Session = z.object({
  profile: z.string(),
  /** A demo profile keeps its data and key in its own folder and talks to a local server. */
  demo: z.boolean(),
  /** The sync server this profile signs in to, or null for a profile that works offline only. */
  syncServer: z.string().nullable(),
  agent: Agent.nullable(),
  /**
   * The server ended the session (expired, password changed, device revoked) while a call or its
   * wrap-up was open: the agent stays on the desk until both end, then is signed out
   * (src/core/workstation.ts). Absent otherwise.
   */
  ending: z
    .object({
      code: z.enum(['NOT_SIGNED_IN', 'SESSION_EXPIRED', 'DEVICE_REVOKED']),
      message: z.string(),
      waitingFor: z.enum(['call', 'wrap-up']),
    })
    .optional(),
  /**
   * Why the last agent was signed out by the server, for the sign-in screen: `wiped` when IT
   * revoked this workstation and the agent's local data and key were deleted (issue 15 B2).
   * Cleared by the next sign-in. Absent otherwise.
   */
  notice: z
    .object({
      code: z.enum(['NOT_SIGNED_IN', 'SESSION_EXPIRED', 'DEVICE_REVOKED']),
      message: z.string(),
      wiped: z.boolean(),
      at: z.iso.datetime(),
    })
    .optional(),
});
export type Session = z.infer<typeof Session>;

export const session = {
  get: method(z.object({}).strict(), Session),
  /** Signs in to the sync server; the token goes to the keychain, never to the renderer. */
  signIn: method(z.object({ username: z.string().trim().min(1).max(USERNAME_MAX_LENGTH), password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }).strict(), Session),
  signOut: method(z.object({}).strict(), Session),
} as const;

export const sessionEvents = {
  'session.changed': Session,
} as const;
