/**
 * Call control: placing, answering and ending calls, hold, mute and DTMF, and following each
 * JsSIP session through the call machine into the store and the call log.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallLogWriter } from '../call-log/call-log-writer';
import { CALL_LOG_ON_ENTER, initialPhase, nextPhase, type CallDirection, type CallSignal } from '../call-machine';
import { REFUSED_NOT_READY } from '../../../../src/contract';
import { callerIdentity } from '../caller-identity';
import { describeEndCause, describeRefusedChange } from '../end-cause';
import type { SipConnection } from '../connection/sip-connection';
import type { AudioDevices } from '../devices/audio-devices';
import type { Ringer } from '../devices/ringer';
import { domainOf, normalizeDialTarget } from '../dial-target';
import type { IceRestarter } from '../media/ice-restart';
import { liveCalls, type CallView, type PhoneStore } from '../phone-store';
import type { CallStats } from '../stats/call-stats';
import type { CallTable } from './call-table';

/**
 * RFC 4028's recommended interval. JsSIP's default (90 s) is below the Min-SE many servers
 * demand, and JsSIP does not retry a 422 "Session Interval Too Small": the call would fail.
 */
export const SESSION_EXPIRES_S = 1800;

/** The SIP status of the response that ended a session, when a response did. */
const statusCodeOf = (message: unknown): number | null => (message as { status_code?: number } | null)?.status_code ?? null;

/** The engine's parts call control works with. */
export interface CallControlParts {
  readonly store: PhoneStore;
  readonly connection: SipConnection;
  readonly calls: CallTable;
  readonly devices: AudioDevices;
  readonly ringer: Ringer;
  readonly callLog: CallLogWriter;
  readonly stats: CallStats;
  readonly iceRestarter: IceRestarter;
}

export class CallControl {
  /** Sessions arriving with Replaces (the end of an attended transfer): answered without ringing. */
  private readonly replacing = new WeakSet<RTCSession>();
  /** Incoming sessions refused because the agent was Not Ready: they end as REFUSED_NOT_READY, not missed. */
  private readonly refusedNotReady = new WeakSet<RTCSession>();

  constructor(private readonly parts: CallControlParts) {}

  /** The options every answer and every call we place share. */
  callOptions() {
    return {
      mediaConstraints: this.parts.devices.mediaConstraints(),
      pcConfig: this.parts.connection.pcConfig,
      sessionTimersExpires: SESSION_EXPIRES_S,
    };
  }

  async dial(input: string): Promise<boolean> {
    const { connection, calls, ringer } = this.parts;
    const ua = connection.ua;
    const account = connection.account;
    if (!ua || !account) return calls.notice('The phone is not configured.');
    const target = normalizeDialTarget(input, domainOf(account.uri));
    if (!target) return calls.notice(`"${input}" is not a number that can be dialled.`);
    if (!ua.isConnected()) return calls.notice('The phone is not connected to the server.');
    ringer.requestNotificationPermission();
    // Starting a call while on another: the first goes on hold, as a desk phone does.
    this.holdOthers(null);
    try {
      const session = ua.call(target, {
        ...this.callOptions(),
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
      });
      this.track(session, 'outbound');
      return true;
    } catch (err) {
      return calls.notice(`Could not start the call: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A call from outside; `dialedNumber` is the DNIS from its INVITE (calls/dialed-number.ts). */
  onIncoming(session: RTCSession, dialedNumber: string): void {
    const id = this.track(session, 'inbound', dialedNumber);
    if (this.replacing.delete(session)) {
      this.signal(id, 'answer');
      session.answer(this.callOptions());
      return;
    }
    // Not Ready / DND: the phone stays registered for outbound calls, incoming ones are refused.
    if (this.parts.connection.policy() === 'register-busy') {
      this.refusedNotReady.add(session);
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.parts.ringer.start();
    this.parts.ringer.notifyIncoming(id);
  }

  answer(id: string): void {
    const call = this.parts.calls.get(id);
    if (!call) return;
    this.holdOthers(id);
    this.signal(id, 'answer');
    this.parts.ringer.stoppedRinging(id);
    call.session.answer(this.callOptions());
  }

  decline(id: string): void {
    this.parts.calls.get(id)?.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
  }

  hangup(id: string): void {
    const call = this.parts.calls.get(id);
    if (call && !call.session.isEnded()) call.session.terminate();
  }

  hold(id: string): void {
    const call = this.parts.calls.get(id);
    if (call?.session.isEstablished() && !call.session.isOnHold().local) call.session.hold({}, () => undefined);
  }

  resume(id: string): void {
    const call = this.parts.calls.get(id);
    if (!call?.session.isEstablished() || !call.session.isOnHold().local) return;
    // Only one call talks at a time.
    this.holdOthers(id);
    call.session.unhold({}, () => undefined);
  }

  setMuted(id: string, muted: boolean): void {
    const call = this.parts.calls.get(id);
    if (!call) return;
    if (muted) call.session.mute({ audio: true });
    else call.session.unmute({ audio: true });
  }

  sendDtmf(id: string, digit: string): void {
    const call = this.parts.calls.get(id);
    if (!call?.session.isEstablished() || !/^[0-9*#A-D]$/.test(digit)) return;
    const info = this.parts.store.getState().dtmfTransport === 'info';
    call.session.sendDTMF(digit, { transportType: (info ? 'INFO' : 'RFC2833') as never, duration: 100, interToneGap: 70 });
    this.parts.calls.patch(id, (c) => ({ dtmfSent: c.dtmfSent + digit }));
  }

  /** Holds every talking call but `exceptId`. */
  private holdOthers(exceptId: string | null): void {
    for (const c of liveCalls(this.parts.store.getState())) if (c.id !== exceptId && c.phase === 'active' && !c.held) this.hold(c.id);
  }

  /** `localNumber`: the DNIS of an inbound call; outbound calls log the agent's own number. */
  private track(session: RTCSession, direction: CallDirection, localNumber?: string): string {
    const { store, calls, devices, connection } = this.parts;
    const id = crypto.randomUUID();
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.hidden = true;
    document.body.appendChild(audio);
    void devices.applySink(audio, store.getState().devices.speaker);
    calls.add(id, { session, audio, dtmfTones: [] });
    const who = callerIdentity(session.remote_identity.uri.toString(), session.remote_identity.display_name);
    const view: CallView = {
      id,
      direction,
      localNumber: localNumber || callerIdentity(connection.account?.uri ?? '').number,
      remoteNumber: who.number,
      remoteName: who.name,
      phase: initialPhase(direction),
      held: false,
      remoteHeld: false,
      muted: false,
      startedAt: Date.now(),
      answeredAt: null,
      endedAt: null,
      endCause: null,
      quality: null,
      mediaPath: null,
      dtmfSent: '',
      dtmfReceived: '',
      transfer: 'none',
    };
    store.setState((s) => ({ calls: [...s.calls.filter((c) => c.phase !== 'ended'), view] }));
    // The core matches the number to a contact as it records the call: the name comes with the record.
    void this.logStep(id, CALL_LOG_ON_ENTER[view.phase])?.then((record) => {
      if (record?.contactName) calls.patch(id, () => ({ remoteName: record.contactName }));
    });
    connection.report();

    this.capIceGathering(session);
    const wirePc = (pc: RTCPeerConnection) => {
      pc.addEventListener('track', (ev) => {
        audio.srcObject = ev.streams[0] ?? new MediaStream([ev.track]);
      });
      pc.addEventListener('iceconnectionstatechange', () => this.parts.iceRestarter.onIceState(id, pc.iceConnectionState));
      // A refused TURN password otherwise shows as a connected call in which nobody hears anything.
      pc.addEventListener('icecandidateerror', (ev) => {
        const e = ev as RTCPeerConnectionIceErrorEvent;
        if (/^turns?:/.test(e.url) && (e.errorCode === 401 || e.errorCode === 403)) {
          calls.notice(`The TURN server refused this workstation's TURN password (${e.url}): the call may have no audio. Ask IT.`);
        }
      });
    };
    if (session.connection) wirePc(session.connection);
    else session.on('peerconnection', (e) => wirePc(e.peerconnection));

    session.on('progress', () => this.signal(id, 'progress'));
    session.on('accepted', () => this.signal(id, 'accepted'));
    session.on('confirmed', () => {
      this.signal(id, 'confirmed');
      this.watchDtmfSender(id);
    });
    session.on('ended', (e) => this.finish(id, 'ended', e.cause, statusCodeOf(e.message)));
    session.on('failed', (e) => this.finish(id, 'failed', e.cause, statusCodeOf(e.message)));
    // A refused hold/resume/ICE restart leaves the call as it was (RFC 3261 §14.1); say so.
    session.on('reofferfailed', (e) => calls.notice(describeRefusedChange(e.action)));
    // Only the agent's own holds count as hold time (AHT); the far end holding us does not.
    session.on('hold', (e) => {
      calls.patch(id, () => (e.originator === 'local' ? { held: true } : { remoteHeld: true }));
      if (e.originator === 'local') void this.logStep(id, 'on-hold');
    });
    session.on('unhold', (e) => {
      calls.patch(id, () => (e.originator === 'local' ? { held: false } : { remoteHeld: false }));
      if (e.originator === 'local') void this.logStep(id, 'resumed');
    });
    session.on('muted', () => calls.patch(id, () => ({ muted: true })));
    session.on('unmuted', () => calls.patch(id, () => ({ muted: false })));
    session.on('newDTMF', (e: { originator: string; dtmf: { tone: string } }) => {
      if (e.originator === 'remote') calls.patch(id, (c) => ({ dtmfReceived: c.dtmfReceived + e.dtmf.tone }));
    });
    // Blind transfer towards us: the other party REFERs us to a third; we call it and drop them.
    session.on('refer', (e) => {
      e.accept((newSession: RTCSession) => this.track(newSession, 'outbound'), this.callOptions());
    });
    // Attended transfer ends here: an INVITE with Replaces takes over this call.
    session.on('replaces', (e) => {
      // JsSIP then announces the new session as an ordinary incoming one; it must not ring.
      e.accept((newSession: RTCSession) => void this.replacing.add(newSession));
    });
    return id;
  }

  /** Sends the offer once a candidate that crosses the NAT is there, or after the account's cap. */
  private capIceGathering(session: RTCSession): void {
    const plan = this.parts.connection.gatherPlan;
    if (plan.capMs <= 0) return;
    let capTimer: ReturnType<typeof setTimeout> | null = null;
    session.on('icecandidate', (e) => {
      // The candidate that crosses the NAT is here: no need to wait for the rest.
      if (e.candidate.type && plan.enough.includes(e.candidate.type)) return e.ready();
      // Host candidates arrive at once; waiting for every STUN/TURN answer can take seconds.
      capTimer ??= setTimeout(() => e.ready(), plan.capMs);
    });
    session.on('sdp', () => {
      if (capTimer) clearTimeout(capTimer);
      capTimer = null;
    });
  }

  private logStep(id: string, event: Parameters<CallLogWriter['log']>[1] | undefined, endCause?: string) {
    const view = this.parts.calls.view(id);
    if (!view || !event || !this.parts.calls.get(id)) return undefined;
    return this.parts.callLog.log(view, event, endCause);
  }

  private signal(id: string, signal: CallSignal): void {
    const call = this.parts.calls.view(id);
    if (!call) return;
    const phase = nextPhase(call.phase, signal);
    if (phase === call.phase) return;
    this.parts.calls.patch(id, () => ({ phase, answeredAt: phase === 'active' ? Date.now() : call.answeredAt }));
    void this.logStep(id, CALL_LOG_ON_ENTER[phase]);
    if (phase === 'active') {
      this.parts.stats.start(id);
      // Device labels and ids are only readable once the microphone permission was used.
      void this.parts.devices.refresh();
    }
  }

  private finish(id: string, signal: CallSignal, cause: string | undefined, statusCode: number | null): void {
    const { calls, callLog } = this.parts;
    const view = calls.view(id);
    const call = calls.get(id);
    if (!view || !call) return;
    const endCause = this.refusedNotReady.has(call.session) ? REFUSED_NOT_READY : describeEndCause(cause ?? null, view.answeredAt !== null, statusCode);
    calls.patch(id, () => ({ phase: nextPhase(view.phase, signal), endedAt: Date.now(), endCause }));
    void this.logStep(id, 'ended', endCause);
    call.audio.srcObject = null;
    call.audio.remove();
    this.parts.iceRestarter.forget(id);
    this.parts.stats.forget(id);
    calls.delete(id);
    this.parts.ringer.stoppedRinging(id);
    this.parts.connection.report();
    void callLog.settled(id).then(() => callLog.refreshHistory());
  }

  /** RFC 4733 digits leave through the RTP sender's DTMF queue; record what it really played. */
  private watchDtmfSender(id: string): void {
    const call = this.parts.calls.get(id);
    const sender = call?.session.connection?.getSenders().find((s) => s.track?.kind === 'audio');
    sender?.dtmf?.addEventListener('tonechange', (e: RTCDTMFToneChangeEvent) => {
      if (e.tone) call!.dtmfTones.push(e.tone);
    });
  }
}
