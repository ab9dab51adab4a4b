/**
 * Keeps a call's audio direction and its "held by the other party" state on what the SDP says.
 * The rules are in sdp-hold.ts; this only wires them to the JsSIP session and its peer connection.
 *
 * Why the transceiver's own direction: JsSIP holds by rewriting the text of its offers only, so
 * while the agent held, an offer from the far end (a=sendrecv after a transfer or a bridge on
 * the PBX) got an a=sendrecv answer from the browser with the UI still saying "On hold" — the
 * hold state and the SDP disagreed (issue 11, fault 3). With the transceiver at sendonly the
 * browser itself answers sendonly, or inactive when the far end holds too (RFC 3264 §6.1,
 * RFC 6337 §5), in offers and answers alike, ICE restarts included.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import { dropLegacyReceiveConstraints } from '../connection/jssip-internals';
import { holdDirection, negotiatedHold, normalizeRemoteSdp } from './sdp-hold';

const audioTransceiver = (pc: RTCPeerConnection): RTCRtpTransceiver | undefined =>
  pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio' && t.direction !== 'stopped');

/**
 * `remoteHeld` is called with whether the far end holds us, after every completed offer/answer.
 * Call once per session; `peerConnection(pc)` for each of its peer connections.
 */
export function followNegotiatedHold(session: RTCSession, remoteHeld: (held: boolean) => void) {
  // Every SDP from the far end, offer or answer, says its hold explicitly before the browser reads it.
  session.on('sdp', (e) => {
    if (e.originator === 'remote') e.sdp = normalizeRemoteSdp(e.sdp);
  });
  const setDirection = (held: boolean) => {
    const t = session.connection ? audioTransceiver(session.connection) : undefined;
    // Set before JsSIP builds its re-INVITE offer: the 'hold'/'unhold' event comes first.
    if (!t) return;
    // A sendonly transceiver plus the legacy offerToReceiveAudio would grow a second audio m-line.
    if (held) dropLegacyReceiveConstraints(session);
    t.direction = holdDirection(held);
  };
  session.on('hold', (e) => {
    if (e.originator === 'local') setDirection(true);
  });
  session.on('unhold', (e) => {
    if (e.originator === 'local') setDirection(false);
  });
  return {
    peerConnection(pc: RTCPeerConnection): void {
      pc.addEventListener('signalingstatechange', () => {
        if (pc.signalingState !== 'stable') return;
        const t = audioTransceiver(pc);
        if (t) remoteHeld(negotiatedHold(t.direction, t.currentDirection).remoteHeld);
      });
    },
  };
}
