/**
 * How long a call's offer or answer waits for ICE candidates, from the start of gathering, and
 * when relay-only media has no relay: the decision is the pure `gatherCapDecision()`
 * (tests/unit/phone-ice-gathering-cap.test.ts); `capIceGathering()` wires it to JsSIP.
 *
 * JsSIP sends an SDP only when gathering completes, or when the application calls the `ready()`
 * that comes with each 'icecandidate' event. With iceTransportPolicy 'relay' the browser reports
 * no candidate until the TURN server answers, so a cap armed by the first candidate never starts
 * and, with a TURN server that does not answer, the INVITE left ~40 s after Dial with no
 * candidates (issue 11, fault 6): a silent call. The cap now runs from the start of gathering,
 * and a call not yet connected that still has no relay candidate fails with "media relay unreachable".
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IceGatherPlan } from './ice-config';

/** The moment a decision is taken: the cap ran out, the relay deadline ran out, or gathering ended. */
export type GatherMoment = 'cap' | 'relay-deadline' | 'complete';

export interface GatherSeen {
  /** A candidate of a type the plan calls enough arrived (it was sent at once). */
  readonly enough: boolean;
  /** A relay candidate arrived. */
  readonly relay: boolean;
  /** Any candidate arrived (JsSIP hands out `ready()` only with one). */
  readonly any: boolean;
}

/**
 * send: send the SDP with what has arrived; wait: keep waiting; fail: end the call, the media
 * relay is unreachable. A call already connected (a hold or ICE-restart re-offer) is never ended
 * here: JsSIP waits for gathering as before, and a refused or silent re-offer keeps the call.
 */
export type GatherDecision = 'send' | 'wait' | 'fail';

export function gatherCapDecision(plan: Pick<IceGatherPlan, 'relayOnly'>, seen: GatherSeen, moment: GatherMoment, connected: boolean): GatherDecision {
  if (plan.relayOnly && !seen.relay) {
    if (connected || moment === 'cap') return moment === 'complete' ? 'send' : 'wait';
    return 'fail';
  }
  if (moment === 'complete') return 'send';
  return seen.any ? 'send' : 'wait';
}

/**
 * Arms the cap for every gathering of the session's peer connection(s). `connected` says whether
 * the call has connected (its 2xx sent or received — JsSIP's isEstablished() is already true for
 * an incoming call being answered, before its 200 goes out). `relayUnreachable` is called (once)
 * when the call must fail; the caller ends it with that cause.
 */
export function capIceGathering(session: RTCSession, plan: IceGatherPlan, connected: () => boolean, relayUnreachable: () => void) {
  let seen: GatherSeen = { enough: false, relay: false, any: false };
  let ready: (() => void) | null = null;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let failed = false;
  /** The cap ran out before any candidate: the first one to come is sent at once. */
  let capPassed = false;
  const clear = () => {
    for (const t of timers) clearTimeout(t);
    timers = [];
  };
  const decide = (moment: GatherMoment) => {
    const decision = gatherCapDecision(plan, seen, moment, connected());
    if (decision === 'send') ready?.();
    if (decision === 'fail' && !failed && !session.isEnded()) {
      failed = true;
      clear();
      relayUnreachable();
    }
  };
  session.on('icecandidate', (e) => {
    const type = e.candidate.type;
    seen = { enough: seen.enough || (!!type && plan.enough.includes(type)), relay: seen.relay || type === 'relay', any: true };
    ready = e.ready;
    // The candidate that crosses the NAT is here: no need to wait for the rest.
    if (type && plan.enough.includes(type)) e.ready();
    else if (capPassed) decide('cap');
  });
  session.on('sdp', (e) => {
    if (e.originator !== 'local') return;
    clear();
    decide('complete');
  });
  return {
    peerConnection(pc: RTCPeerConnection): void {
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState !== 'gathering') return;
        clear();
        seen = { enough: false, relay: false, any: false };
        ready = null;
        capPassed = false;
        if (plan.capMs > 0)
          timers.push(
            setTimeout(() => {
              capPassed = true;
              decide('cap');
            }, plan.capMs),
          );
        if (plan.relayOnly) timers.push(setTimeout(() => decide('relay-deadline'), plan.relayDeadlineMs));
      });
    },
  };
}
