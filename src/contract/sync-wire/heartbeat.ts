import { z } from 'zod';
import { PowerSource } from '../agent-api/app';
import { PhoneRegistrationState } from '../agent-api/phone';
import { PresenceState } from '../shared/presence-state';
import { CallDirection, IsoTime } from '../shared/primitives';

/**
 * The workstation's heartbeat, sent as a text frame on the poke WebSocket (the sync connection it
 * already holds) every few seconds and at once when presence, the phone or a call changes. It is
 * online-only state for the supervisor's board: never queued in the outbox, a lost beat is simply
 * replaced by the next. The customer's number leaves the workstation as its last 4 digits only.
 */
export const HeartbeatCall = z.object({
  direction: CallDirection,
  /** The last (up to) 4 digits of the customer's number; '' when withheld. */
  numberLast4: z.string().regex(/^\d{0,4}$/),
  startedAt: IsoTime,
  answeredAt: IsoTime.nullable(),
  campaignId: z.string().max(64).nullable(),
});
export type HeartbeatCall = z.infer<typeof HeartbeatCall>;

/** How usable the agent's line is: the phone engine's call quality when it knows, else reachability. */
export const NetworkQuality = z.enum(['good', 'fair', 'poor', 'offline', 'unknown']);
export type NetworkQuality = z.infer<typeof NetworkQuality>;

export const Heartbeat = z.object({
  type: z.literal('heartbeat'),
  presence: z.object({ state: PresenceState, reason: z.string().max(100).nullable(), since: IsoTime }),
  registration: PhoneRegistrationState,
  call: HeartbeatCall.nullable(),
  power: PowerSource,
  batteryPercent: z.number().min(0).max(100).nullable(),
  network: NetworkQuality,
  /** The line's estimated MOS (1–5, one decimal) from the phone engine; null when not judged (older workstations send none). */
  mos: z.number().min(1).max(5).nullable().default(null),
  /** Outbox rows not yet confirmed by the server (mutations waiting to push). */
  pendingMutations: z.number().int().min(0),
  /** The agent asked for help ("raise hand") and the supervisor has not cleared it. */
  handRaised: z.boolean().default(false),
});
export type Heartbeat = z.infer<typeof Heartbeat>;
export type HeartbeatInput = z.input<typeof Heartbeat>;

/** Keeps only the last 4 digits of a number: what a supervisor's board may show of a customer. */
export function lastFourDigits(number: string): string {
  return number.replace(/\D/g, '').slice(-4);
}
