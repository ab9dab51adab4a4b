/**
 * The number a customer dialed (DNIS) on an inbound call, from the INVITE as the PBX sends it.
 * A PBX or proxy that forwards the call to the agent rewrites the Request-URI to the agent's
 * registered contact, so the dialed number survives in P-Called-Party-ID (RFC 3455 §4.2, set by
 * IMS cores and many PBXs for exactly this) or in the To header (RFC 3261 §8.1.1.2: the intended
 * recipient, not changed by proxies). Pure, so every header shape is unit-tested.
 */
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { AssertedCaller } from '../caller-identity';

/** The INVITE's addressing headers, raw. */
export interface DialedAddressing {
  /** P-Called-Party-ID's value, e.g. `"Sales" <sip:+18005550100@pbx.example.com;user=phone>`; null if absent. */
  readonly calledPartyId: string | null;
  /** The To header's URI or name-addr. */
  readonly to: string;
  readonly requestUri: string;
}

/** What the phone reads from an incoming INVITE's headers: where it was addressed, who is asserted to call. */
export type InviteAddressing = DialedAddressing & AssertedCaller;

/** The longest number the call log takes (LogCallEventInput.localNumber). */
const MAX_NUMBER_LENGTH = 64;

/**
 * The user part of a sip:/sips: URI or the number of a tel: URI (RFC 3966), inside a name-addr
 * or bare, percent-decoded; null when there is none.
 */
export function userPartOf(address: string): string | null {
  const uri = /<([^>]*)>/.exec(address)?.[1] ?? address.trim();
  const match = /^(?:sips?:([^@;?>]+)@|tel:([^;?>]+))/i.exec(uri.trim());
  const user = match?.[1] ?? match?.[2];
  if (!user) return null;
  let decoded = user;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    // A stray '%' is kept as sent rather than losing the number.
  }
  return decoded.trim() || null;
}

/** P-Called-Party-ID first, then To, then the Request-URI; '' when none carries a user part. */
export function dialedNumber(invite: DialedAddressing): string {
  const candidates = [invite.calledPartyId, invite.to, invite.requestUri];
  for (const candidate of candidates) {
    const user = candidate ? userPartOf(candidate) : null;
    if (user) return user.slice(0, MAX_NUMBER_LENGTH);
  }
  return '';
}

/** Reads the addressing and identity headers of a JsSIP incoming INVITE. */
export function inviteAddressing(request: IncomingRequest): InviteAddressing {
  return {
    calledPartyId: request.getHeader('P-Called-Party-ID') || null,
    to: request.to?.uri?.toString() ?? '',
    requestUri: request.ruri?.toString() ?? '',
    assertedIdentity: request.getHeaders('P-Asserted-Identity').join(', ') || null,
    privacy: request.getHeader('Privacy') || null,
  };
}
