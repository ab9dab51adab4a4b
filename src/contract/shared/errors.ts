import { z } from 'zod';

/**
 * Every failure that crosses the agent API is one of these codes. The renderer branches on
 * the code; the message is for people. Add a code here before using it anywhere.
 */
export const ErrorCode = z.enum([
  // the API edge
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'INTERNAL',
  'TRANSPORT_CLOSED',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  // the local store
  'STORE_KEY_MISSING',
  'STORE_KEY_MISMATCH',
  'STORE_CORRUPT',
  'STORE_DISK_FULL',
  'STORE_READ_ONLY',
  'STORE_NEWER_SCHEMA',
  'VAULT_UNAVAILABLE',
  // session and sync
  'NOT_SIGNED_IN',
  'AUTH_FAILED',
  // the sync token ran out (idle or maximum lifetime) or the password was changed: sign in again
  'SESSION_EXPIRED',
  // IT revoked this workstation: its tokens are ended and it cannot sign in until IT restores it
  'DEVICE_REVOKED',
  // too many sign-in attempts for the account or the address: wait, then try again
  'RATE_LIMITED',
  'SERVER_UNREACHABLE',
  'SYNC_REJECTED',
  // telephony and CRM policy
  'PHONE_NOT_CONFIGURED',
  'PHONE_NOT_READY',
  'DO_NOT_CALL',
  // campaigns: another agent worked the lead first; a campaign from the server failed validation
  'LEAD_TAKEN',
  'CAMPAIGN_INVALID',
  'SCRIPT_INVALID',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AgentErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
});
export type AgentErrorShape = z.infer<typeof AgentErrorShape>;

/**
 * Thrown inside the core where unwinding is the natural control flow; the dispatcher turns it
 * into an error value. It never crosses a transport as an exception.
 */
export class AgentError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentError';
    this.code = code;
  }
  toShape(): AgentErrorShape {
    return { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AgentErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

export const ResultShape = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AgentErrorShape }),
]);
