/**
 * Call control: placing, answering and ending calls, hold, mute and DTMF, and following each
 * JsSIP session through the call machine into the store and the call log.
 */
import type { IncomingDTMFEvent, OutgoingDTMFEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { CallLogWriter } from '../call-log/call-log-writer';
import { CALL_LOG_ON_ENTER, initialPhase, nextPhase, type CallDirection, type CallSignal } from '../call-machine';
import { REFUSED_NOT_READY } from '../../../../src/contract';
import { callerIdentity, inboundCaller, type AssertedCaller } from '../caller-identity';
import { describeEndCause, describeRefusedChange, describeRefusedTone, MEDIA_RELAY_UNREACHABLE, relayUnreachableNotice } from '../end-cause';
import { t } from '../../i18n/i18n';
import type { SipConnection } from '../connection/sip-connection';
import type { AudioDevices } from '../devices/audio-devices';
import type { Ringer } from '../devices/ringer';
import { domainOf, normalizeDialTarget } from '../dial-target';
import { effectiveAudioProfile, shapeSdp } from '../media/audio-profile';
import { capIceGathering } from '../media/ice-gathering-cap';
import type { IceRestarter } from '../media/ice-restart';
import { followNegotiatedHold } from '../media/negotiated-hold';
import { liveCalls, type CallView, type PhoneStore } from '../phone-store';
import type { CallStats } from '../stats/call-stats';
import type { CallTable } from './call-table';
import { dialedNumber, type InviteAddressing } from './dialed-number';
import { callOutcome, type CallEnd } from './call-outcome';
import { dtmfRoute, negotiatedAudio } from './dtmf-route';
import type { CallOutcome } from '../../../../src/contract';

/**
 * RFC 4028's recommended interval. JsSIP's default (90 s) is below the Min-SE many servers
 * demand, and JsSIP does not retry a 422 "Session Interval Too Small": the call would fail.
 */
export const SESSION_EXPIRES_S = 1800;

/** Every offer we make: audio both ways, never video (RTCOfferOptions). */
const AUDIO_OFFER = { offerToReceiveAudio: true, offerToReceiveVideo: false } as const;

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
  /** Why we ended a call ourselves, where JsSIP's own cause (Canceled, Rejected) would say less. */
  private readonly endCauses = new Map<string, string>();
  /** Incoming sessions refused because the agent was Not Ready: they end as REFUSED_NOT_READY, not missed. */
  private readonly refusedNotReady = new WeakSet<RTCSession>();

  constructor(private readonly parts: CallControlParts) {}

  /**
   * The options every answer and every call we place share. `rtcOfferConstraints` is what any
   * offer of ours asks for: the INVITE we send, the 200 OK to a late-offer INVITE (RFC 3261
   * §13.2.1: no SDP in it, our 200 offers and the ACK answers) and re-INVITEs. Without it, JsSIP's
   * answer() sees no audio line in the (absent) offer, drops the microphone and offers nothing:
   * an offer with no m-line gathers no ICE candidates and the 200 never leaves.
   */
  callOptions() {
    return {
      mediaConstraints: this.parts.devices.mediaConstraints(),
      pcConfig: this.parts.connection.pcConfig,
      rtcOfferConstraints: AUDIO_OFFER,
      sessionTimersExpires: SESSION_EXPIRES_S,
    };
  }

  async dial(input: string): Promise<boolean> {
    const { connection, calls, ringer } = this.parts;
    const ua = connection.ua;
    const account = connection.account;
    if (!ua || !account) return calls.notice(t('softphone.notConfigured'));
    const target = normalizeDialTarget(input, domainOf(account.uri));
    if (!target) return calls.notice(t('softphone.notANumber', { input }));
    if (!ua.isConnected()) return calls.notice(t('softphone.notConnected'));
    ringer.requestNotificationPermission();
    // Starting a call while on another: the first goes on hold, as a desk phone does.
    this.holdOthers(null);
    try {
      const session = ua.call(target, this.callOptions());
      this.track(session, 'outbound');
      return true;
    } catch {
      // JsSIP's own words (a bad URI, a closed socket) are not the agent's: they read what to do.
      return calls.notice(t('softphone.couldNotStart'));
    }
  }

  /** A call from outside; `invite` its addressing headers: the DNIS and the asserted caller. */
  onIncoming(session: RTCSession, invite: InviteAddressing): void {
    const id = this.track(session, 'inbound', { dialed: dialedNumber(invite), asserted: invite });
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
    // What the far end negotiated decides, per digit: a re-INVITE may have changed it.
    const remoteSdp = call.session.connection?.currentRemoteDescription?.sdp ?? '';
    const route = dtmfRoute(this.parts.store.getState().dtmfTransport, negotiatedAudio(remoteSdp));
    call.session.sendDTMF(digit, { transportType: (route === 'info' ? 'INFO' : 'RFC2833') as never, duration: 100, interToneGap: 70 });
    this.parts.calls.patch(id, (c) => ({ dtmfSent: c.dtmfSent + digit }));
  }

  /** Holds every talking call but `exceptId`. */
  private holdOthers(exceptId: string | null): void {
    for (const c of liveCalls(this.parts.store.getState())) if (c.id !== exceptId && c.phase === 'active' && !c.held) this.hold(c.id);
  }

  /**
   * `inbound`: the DNIS of an inbound call (outbound calls log the agent's own number) and the
   * identity headers that may name a caller whose From withholds the number.
   */
  private track(session: RTCSession, direction: CallDirection, inbound?: { dialed: string; asserted: AssertedCaller }): string {
    const { store, calls, devices, connection } = this.parts;
    const id = crypto.randomUUID();
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.hidden = true;
    document.body.appendChild(audio);
    void devices.applySink(audio, store.getState().devices.speaker);
    calls.add(id, { session, audio, dtmfTones: [] });
    const from = callerIdentity(session.remote_identity.uri.toString(), session.remote_identity.display_name);
    const who = inbound ? inboundCaller(from, inbound.asserted) : from;
    const phone = store.getState();
    const audioProfile = effectiveAudioProfile(phone.audioProfile, phone.line?.level ?? null);
    // Every SDP in and out of this call, offers and answers, re-INVITEs included.
    session.on('sdp', (e: { sdp: string }) => {
      e.sdp = shapeSdp(e.sdp, audioProfile);
    });
    const view: CallView = {
      id,
      direction,
      localNumber: inbound?.dialed || callerIdentity(connection.account?.uri ?? '').number,
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
      outcome: null,
      quality: null,
      mediaPath: null,
      dtmfSent: '',
      dtmfReceived: '',
      transfer: 'none',
      audioProfile,
    };
    store.setState((s) => ({ calls: [...s.calls.filter((c) => c.phase !== 'ended'), view] }));
    // The core matches the number to a contact as it records the call: the name comes with the record.
    void this.logStep(id, CALL_LOG_ON_ENTER[view.phase])?.then((record) => {
      if (record?.contactName) calls.patch(id, () => ({ remoteName: record.contactName }));
    });
    connection.report();

    // A TURN server that answered but refused the password: the cause the agent must read, even
    // when the call then fails for want of a relay ("does not answer" would send IT the wrong way).
    let turnRefusedUrl: string | null = null;
    // From the start of gathering; relay-only with no relay candidate fails the call with its own cause.
    const gathering = capIceGathering(session, connection.gatherPlan, () => calls.view(id)?.phase === 'active', () => {
      this.endCauses.set(id, MEDIA_RELAY_UNREACHABLE);
      calls.notice(turnRefusedUrl === null ? relayUnreachableNotice() : t('softphone.turnRefused', { url: turnRefusedUrl }));
      if (!session.isEnded()) session.terminate();
    });
    // "Held by the other party" comes from what was negotiated, in whatever SDP style the far end holds.
    const hold = followNegotiatedHold(session, (remoteHeld) => calls.patch(id, () => ({ remoteHeld })));
    const wirePc = (pc: RTCPeerConnection) => {
      gathering.peerConnection(pc);
      hold.peerConnection(pc);
      pc.addEventListener('track', (ev) => {
        audio.srcObject = ev.streams[0] ?? new MediaStream([ev.track]);
      });
      pc.addEventListener('iceconnectionstatechange', () => this.parts.iceRestarter.onIceState(id, pc.iceConnectionState));
      // A refused TURN password otherwise shows as a connected call in which nobody hears anything.
      pc.addEventListener('icecandidateerror', (ev) => {
        const e = ev as RTCPeerConnectionIceErrorEvent;
        if (/^turns?:/.test(e.url) && (e.errorCode === 401 || e.errorCode === 403)) {
          turnRefusedUrl = e.url;
          calls.notice(t('softphone.turnRefused', { url: e.url }));
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
    session.on('ended', (e) => this.finish(id, 'ended', { originator: e.originator, cause: e.cause ?? null, statusCode: statusCodeOf(e.message) }));
    session.on('failed', (e) => this.finish(id, 'failed', { originator: e.originator, cause: e.cause ?? null, statusCode: statusCodeOf(e.message) }));
    // A refused hold/resume/ICE restart leaves the call as it was (RFC 3261 §14.1); say so.
    session.on('reofferfailed', (e) => calls.notice(describeRefusedChange(e.action)));
    // Only the agent's own holds count as hold time (AHT); the far end holding us does not.
    session.on('hold', (e) => {
      if (e.originator !== 'local') return;
      calls.patch(id, () => ({ held: true }));
      void this.logStep(id, 'on-hold');
    });
    session.on('unhold', (e) => {
      if (e.originator !== 'local') return;
      calls.patch(id, () => ({ held: false }));
      void this.logStep(id, 'resumed');
    });
    session.on('muted', () => calls.patch(id, () => ({ muted: true })));
    session.on('unmuted', () => calls.patch(id, () => ({ muted: false })));
    session.on('newDTMF', (e: IncomingDTMFEvent | OutgoingDTMFEvent) => {
      if ((e.originator as string) === 'remote') calls.patch(id, (c) => ({ dtmfReceived: c.dtmfReceived + e.dtmf.tone }));
      // A tone sent as SIP INFO that the far end refused: the digit never reached it; say so.
      // (JsSIP's DTMF is a Node EventEmitter; the renderer's types have no Node, so its `on` is named here.)
      else (e.dtmf as unknown as { on(event: 'failed', listener: () => void): void }).on('failed', () => calls.notice(describeRefusedTone(e.dtmf.tone)));
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

  private logStep(id: string, event: Parameters<CallLogWriter['log']>[1] | undefined, endCause?: string, outcome?: CallOutcome) {
    const view = this.parts.calls.view(id);
    if (!view || !event || !this.parts.calls.get(id)) return undefined;
    return this.parts.callLog.log(view, event, endCause, outcome);
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

  private finish(id: string, signal: CallSignal, end: Pick<CallEnd, 'originator' | 'cause' | 'statusCode'>): void {
    const { calls, callLog } = this.parts;
    const view = calls.view(id);
    const call = calls.get(id);
    if (!view || !call) return;
    const ours = this.endCauses.get(id);
    this.endCauses.delete(id);
    const answered = view.answeredAt !== null;
    const endCause = this.refusedNotReady.has(call.session)
      ? REFUSED_NOT_READY
      : describeEndCause(ours ?? end.cause ?? null, answered, ours ? null : end.statusCode);
    const outcome = callOutcome({ ...end, direction: view.direction, answered });
    calls.patch(id, () => ({ phase: nextPhase(view.phase, signal), endedAt: Date.now(), endCause, outcome }));
    void this.logStep(id, 'ended', endCause, outcome);
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
