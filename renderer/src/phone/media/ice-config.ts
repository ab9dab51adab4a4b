import { usesTurn, type PhoneAccount } from '../../../../src/contract';

/**
 * The call's RTCPeerConnection settings and when to stop waiting for ICE candidates, from the
 * account IT configured. Pure: the engine applies them, the unit tests read them.
 */
export function mediaPcConfig(account: Pick<PhoneAccount, 'iceServers' | 'iceTransportPolicy'>, turnPassword: string | null): RTCConfiguration {
  return {
    iceServers: account.iceServers.map((s) => (s.username === null ? { urls: s.urls } : { urls: s.urls, username: s.username, credential: turnPassword ?? '' })),
    iceTransportPolicy: account.iceTransportPolicy,
    // RFC 8843 lets a peer offer and answer without BUNDLE (baresip, rtpengine, most PBXs);
    // 'max-bundle' makes the browser refuse those. 'balanced' still bundles with any peer that
    // accepts it and, with a single audio m-line, costs nothing.
    bundlePolicy: 'balanced',
    rtcpMuxPolicy: 'require',
  };
}

/** How long to wait for a STUN or TURN answer from the start of gathering: a TURN allocation is two round trips. */
export const ICE_SERVER_GATHER_CAP_MS = 1500;

/**
 * Relay-only media with no relay candidate this long after gathering started: the TURN server is
 * unreachable and the call would have no audio, so it fails with that cause instead. Chrome alone
 * goes on retrying the allocation for ~40 s before it gives up (issue 11, fault 6); a TURN server
 * that has not answered a two-round-trip allocation in 4 s, retransmissions included, will not
 * carry a call.
 */
export const RELAY_UNREACHABLE_MS = 4000;

export interface IceGatherPlan {
  /** Candidate types that make the offer worth sending at once (a relay candidate when TURN is configured). */
  readonly enough: ReadonlyArray<RTCIceCandidateType>;
  /** Send the offer this long after gathering started whatever has arrived; 0 = wait for gathering to complete. */
  readonly capMs: number;
  /** iceTransportPolicy 'relay': only a relay candidate can carry the call. */
  readonly relayOnly: boolean;
  /** Relay-only: fail a call not yet connected when no relay candidate came this long after gathering started. */
  readonly relayDeadlineMs: number;
}

/**
 * JsSIP sends its offer only when gathering completes, which on a laptop with VPN adapters and
 * unanswered STUN can take seconds. Without ICE servers the host candidates are all there is, so
 * a short cap is safe; with STUN or TURN the offer waits for the candidate that gets through a NAT
 * — sending without it would set up a call with no audio — but never past a longer cap. Every
 * cap runs from the start of gathering: with relay-only media the browser reports no candidate
 * at all until the TURN server answers, so a cap started by the first candidate never starts.
 */
export function iceGatherPlan(account: Pick<PhoneAccount, 'iceServers' | 'iceTransportPolicy'>, hostOnlyCapMs: number): IceGatherPlan {
  const relayOnly = account.iceTransportPolicy === 'relay';
  const base = { relayOnly, relayDeadlineMs: RELAY_UNREACHABLE_MS };
  if (hostOnlyCapMs <= 0) return { ...base, enough: [], capMs: 0 };
  const turn = usesTurn(account);
  const stun = account.iceServers.some((s) => s.urls.some((u) => /^stuns?:/.test(u)));
  if (turn) return { ...base, enough: ['relay'], capMs: Math.max(hostOnlyCapMs, ICE_SERVER_GATHER_CAP_MS) };
  if (stun) return { ...base, enough: ['srflx'], capMs: Math.max(hostOnlyCapMs, ICE_SERVER_GATHER_CAP_MS) };
  return { ...base, enough: [], capMs: hostOnlyCapMs };
}
