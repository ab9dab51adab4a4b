import type { URI } from 'jssip';

/**
 * The parts of JsSIP 3.13 the engine uses that its typings leave out. Narrow on purpose:
 * nothing else of them is touched.
 */

/** lib/Transport.js: what the fast reconnect needs. */
export interface TransportInternals {
  isConnected(): boolean;
  isConnecting(): boolean;
  connect(): void;
  disconnect(): void;
  recovery_timer: ReturnType<typeof setTimeout> | null;
}

/** lib/UA.js: UA.sendOptions exists but is not typed. A string target is normalized as a user's address. */
export interface OptionsSender {
  sendOptions(
    target: URI,
    body: string | undefined,
    options: { eventHandlers: { succeeded: () => void; failed: (e: { cause?: string }) => void } },
  ): unknown;
}

/** The transport of a UA, or null before it has one. */
export function transportOf(ua: unknown): TransportInternals | null {
  return (ua as { transport?: TransportInternals } | null)?.transport ?? null;
}

/**
 * lib/RTCSession.js keeps the offer constraints given to connect()/answer() (`_rtcOfferConstraints`)
 * and reuses them for every hold and resume re-offer. The legacy `offerToReceiveAudio: true` among
 * them makes Chrome add a second, receive-only audio m-line whenever the call's one audio
 * transceiver does not receive — which is exactly the case while the agent holds (sendonly). Once a
 * call has its transceivers those legacy keys say nothing more, so they are dropped.
 */
export function dropLegacyReceiveConstraints(session: unknown): void {
  const s = session as { _rtcOfferConstraints?: Record<string, unknown> | null };
  if (!s._rtcOfferConstraints) return;
  const rest = Object.fromEntries(Object.entries(s._rtcOfferConstraints).filter(([k]) => k !== 'offerToReceiveAudio' && k !== 'offerToReceiveVideo'));
  s._rtcOfferConstraints = rest;
}

/**
 * lib/Registrator.js announces 'registered' only when it thought itself unregistered, so the 200
 * to a re-REGISTER sent on waking would pass unseen. After a sleep nothing says the binding still
 * exists (the registrar may have dropped it), so the flag is cleared before that REGISTER: its
 * 200 is then announced and timed (resume → registered).
 */
export function forgetRegistered(ua: { registrator(): unknown }): void {
  (ua.registrator() as { _registered?: boolean })._registered = false;
}
