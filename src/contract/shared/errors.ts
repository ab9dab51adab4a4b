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

/**
 * Why an error happened, where the code alone doesn't tell the agent enough (a CONFLICT can be a
 * live call or an open wrap-up). The core decides it where it decides the refusal; the renderer
 * only words it (renderer/src/i18n/error-text.ts), so the rule lives in one place.
 * - PRESENCE_ON_CALL: Available asked for while a call is live (src/core/presence/presence-flow.ts).
 * - PRESENCE_WRAPUP_REQUIRED: Available asked for while a mandatory wrap-up is open.
 * - PRESENCE_WRAPUP_TIMED: Available asked for while a timed wrap-up is open (its timer ends it).
 * - PRESENCE_FOLLOWS_WORK: Busy or Wrap-up asked for by hand; they follow the phone and the wrap-up.
 * - PHONE_NOT_REGISTERED / PHONE_SERVER_UNREACHABLE / PHONE_ACCOUNT_REFUSED / PHONE_CALL_IN_PROGRESS:
 *   why a PHONE_NOT_READY dial was refused (src/core/phone/phone-service.ts `notReadyReason`): not
 *   registered (not Available, or still connecting), the SIP server not answering, the account
 *   refused by it, or a call already up. "Go Available" is no help when the agent already is.
 */
export const ErrorReason = z.enum([
  'PRESENCE_ON_CALL',
  'PRESENCE_WRAPUP_REQUIRED',
  'PRESENCE_WRAPUP_TIMED',
  'PRESENCE_FOLLOWS_WORK',
  'PHONE_NOT_REGISTERED',
  'PHONE_SERVER_UNREACHABLE',
  'PHONE_ACCOUNT_REFUSED',
  'PHONE_CALL_IN_PROGRESS',
]);
export type ErrorReason = z.infer<typeof ErrorReason>;

export const AgentErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Present when the core knows more than the code says; the agent's text follows it. */
  reason: ErrorReason.optional(),
});
export type AgentErrorShape = z.infer<typeof AgentErrorShape>;

/**
 * Thrown inside the core where unwinding is the natural control flow; the dispatcher turns it
 * into an error value. It never crosses a transport as an exception.
 */
export class AgentError extends Error {
  readonly code: ErrorCode;
  readonly reason: ErrorReason | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; reason?: ErrorReason }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    this.reason = options?.reason;
  }
  toShape(): AgentErrorShape {
    return this.reason ? { code: this.code, message: this.message, reason: this.reason } : { code: this.code, message: this.message };
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
