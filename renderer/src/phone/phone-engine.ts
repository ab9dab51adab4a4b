/**
 * The phone engine: JsSIP + WebRTC, outside React. It takes the account and the registration
 * policy from the core, keeps the zustand phone store current, writes every call's lifecycle to
 * the local store, and adds what JsSIP lacks for home broadband: a keepalive that notices a
 * dead socket in seconds, immediate reconnects, and ICE restarts that carry a call over a drop.
 */
import { UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { AgentApi, LogCallEventInput, PhoneAccount, PhoneRegistrationPolicy } from '../../../src/contract';
import { CALL_LOG_ON_ENTER, initialPhase, nextPhase, type CallDirection, type CallSignal } from './call-machine';
import { callerIdentity } from './caller-identity';
import { describeEndCause, describeRefusedChange } from './end-cause';
import { domainOf, normalizeDialTarget, numberOf } from './dial-target';
import { iceGatherPlan, mediaPcConfig, type IceGatherPlan } from './ice-config';
import { assessQuality, intervalLoss, type RtpCounters } from './quality';
import { registrationReducer, wantsRegistration, type RegistrationEvent } from './registration-machine';
import { liveCalls, type CallView, type PhoneStore } from './phone-store';
import { ringtoneWavUrl } from './ringtone';

/** The knobs that make this engine faster than stock JsSIP; the benchmark turns them off to compare. */
export interface PhoneTuning {
  /** OPTIONS ping interval while connected; 0 = none (stock JsSIP sends none). */
  readonly keepaliveMs: number;
  /** How long a ping may go unanswered before the socket is declared dead. */
  readonly keepaliveTimeoutMs: number;
  /** Our own reconnect schedule instead of JsSIP's 2–30 s random backoff. */
  readonly fastReconnect: boolean;
  /** Send the offer this long after the first ICE candidate even if gathering is not complete; 0 = wait. */
  readonly iceGatherCapMs: number;
}

export const TUNED: PhoneTuning = { keepaliveMs: 4000, keepaliveTimeoutMs: 2500, fastReconnect: true, iceGatherCapMs: 150 };
export const STOCK: PhoneTuning = { keepaliveMs: 0, keepaliveTimeoutMs: 0, fastReconnect: false, iceGatherCapMs: 0 };

/**
 * Reconnect delays: every 100 ms for the first 3 s (a restarted server is back within a second
 * of listening), every 500 ms to ~13 s, every second to ~1 min, then every 5 s. A refused
 * connect on a dead server costs one SYN; the online/resume kicks cover longer outages.
 */
const RECONNECT_DELAYS_MS = [...Array<number>(30).fill(100), ...Array<number>(20).fill(500), ...Array<number>(45).fill(1000), 5000];

/**
 * JsSIP's transport is not in its typings; these are the members the fast reconnect needs
 * (JsSIP 3.13 lib/Transport.js). Narrow on purpose: nothing else of it is touched.
 */
interface TransportInternals {
  isConnected(): boolean;
  isConnecting(): boolean;
  connect(): void;
  disconnect(): void;
  recovery_timer: ReturnType<typeof setTimeout> | null;
}

/** UA.sendOptions exists in JsSIP 3.13 (lib/UA.js) but not in its typings. */
interface OptionsSender {
  sendOptions(
    target: string,
    body: string | undefined,
    options: { eventHandlers: { succeeded: () => void; failed: (e: { cause?: string }) => void } },
  ): unknown;
}

interface CallRuntime {
  readonly session: RTCSession;
  readonly audio: HTMLAudioElement;
  lastCounters: RtpCounters | null;
  iceRestartTimer: ReturnType<typeof setTimeout> | null;
  readonly dtmfTones: string[];
  logChain: Promise<void>;
}

export interface CallDiagnostics {
  readonly id: string;
  readonly phase: string;
  /** Wall-clock ms when the engine first saw the call (the INVITE sent or received). */
  readonly startedAt: number;
  readonly inboundBytes: number;
  readonly outboundBytes: number;
  readonly audioLevel: number | null;
  readonly totalAudioEnergy: number | null;
  readonly currentDirection: string | null;
  readonly senderTrackEnabled: boolean | null;
  readonly senderTrackLabel: string | null;
  /** The output device the call's audio element plays to ('' = system default). */
  readonly sinkId: string | null;
  readonly iceConnectionState: string | null;
  readonly dtmfTonesPlayed: string;
  readonly iceRestarts: number;
  /** The local candidate type of the pair carrying the audio: host, srflx (through NAT) or relay (TURN). */
  readonly mediaPath: string | null;
}

/** The candidate type of the ICE pair the transport selected, from a getStats() report. */
function selectedCandidateType(report: RTCStatsReport): string | null {
  let pairId: string | null = null;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pairId = s.selectedCandidatePairId;
  });
  const pair = pairId ? (report.get(pairId) as { localCandidateId?: string } | undefined) : undefined;
  const local = pair?.localCandidateId ? (report.get(pair.localCandidateId) as { candidateType?: string } | undefined) : undefined;
  return local?.candidateType ?? null;
}

/**
 * RFC 4028's recommended interval. JsSIP's default (90 s) is below the Min-SE many servers
 * demand, and JsSIP does not retry a 422 "Session Interval Too Small": the call would fail.
 */
const SESSION_EXPIRES_S = 1800;

export class PhoneEngine {
  private ua: UA | null = null;
  private account: PhoneAccount | null = null;
  private pcConfig: RTCConfiguration = mediaPcConfig({ iceServers: [], iceTransportPolicy: 'all' }, null);
  private gatherPlan: IceGatherPlan = { enough: [], capMs: 0 };
  private readonly runtimes = new Map<string, CallRuntime>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Sessions arriving with Replaces (the end of an attended transfer): answered without ringing. */
  private readonly replacing = new WeakSet<RTCSession>();
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;
  private pingInFlight = false;
  private userStopped = true;
  private iceRestarts = 0;
  private ringer: HTMLAudioElement | null = null;
  private lastReported = '';
  private readonly tuning: PhoneTuning;

  constructor(
    private readonly agent: AgentApi,
    private readonly store: PhoneStore,
    tuning: Partial<PhoneTuning> = {},
  ) {
    this.tuning = { ...TUNED, ...tuning };
  }

  // ───────────────────────── lifecycle ─────────────────────────

  async start(): Promise<void> {
    this.agent.on('phone.policy', (p) => this.applyPolicy(p.registration));
    this.agent.on('phone.account', () => void this.loadAccount().then(() => this.reapplyPolicy()));
    this.agent.on('phone.dialRequested', ({ target }) => void this.dial(target));
    window.addEventListener('online', () => this.kick('network back'));
    // The host watches the OS network too (Electron's net, the browser host's probe).
    let network: string | null = null;
    this.agent.on('app.status', (st) => {
      if (st.network === 'online' && network === 'offline') this.kick('network back (host)');
      network = st.network;
    });
    window.addEventListener('pagehide', () => this.shutdown());
    this.watchForResume();
    navigator.mediaDevices?.addEventListener?.('devicechange', () => void this.refreshDevices());

    await this.loadAccount();
    await this.reapplyPolicy();
    void this.refreshDevices();
    void this.refreshHistory();
  }

  /** Quit: unregister and close, so the server stops routing calls here at once. */
  shutdown(): void {
    this.userStopped = true;
    this.stopKeepalive();
    this.clearReconnect();
    this.ua?.stop();
  }

  private async reapplyPolicy(): Promise<void> {
    const r = await this.agent.phone.policy({});
    if (r.ok) this.applyPolicy(r.value.registration);
  }

  private async loadAccount(): Promise<void> {
    const r = await this.agent.phone.credentials({});
    if (this.ua) {
      const replaced = this.ua;
      this.ua = null;
      this.userStopped = true;
      replaced.stop();
    }
    if (!r.ok) {
      const acct = await this.agent.phone.account({});
      this.account = acct.ok ? acct.value : null;
      this.store.setState({ account: this.account, dtmfTransport: this.account?.dtmfTransport ?? 'rfc4733' });
      this.reduce({ type: 'unconfigured', reason: this.account && !this.account.hasPassword ? 'no-password' : null });
      return;
    }
    const { account, password, turnPassword } = r.value;
    this.account = account;
    this.pcConfig = mediaPcConfig(account, turnPassword);
    this.gatherPlan = iceGatherPlan(account, this.tuning.iceGatherCapMs);
    this.store.setState({ account, dtmfTransport: account.dtmfTransport });
    this.ua = this.createUa(account, password);
    this.reduce({ type: 'configured' });
  }

  private createUa(account: PhoneAccount, password: string): UA {
    const stock = !this.tuning.fastReconnect;
    const ua = new UA({
      sockets: account.wsServers.map((u) => new WebSocketInterface(u)),
      uri: account.uri,
      password,
      display_name: account.displayName || undefined,
      authorization_user: account.authorizationUser ?? undefined,
      // The engine decides when to register (policy), not JsSIP on every connect.
      register: false,
      register_expires: 300,
      // Re-INVITE refreshes work with every common server; UPDATE is refused by some and then drops the call.
      session_timers: true,
      session_timers_refresh_method: 'invite',
      user_agent: 'AgentWorkstation',
      // Our own reconnect loop is primary; JsSIP's timer stays as a backstop.
      connection_recovery_min_interval: stock ? 2 : 1,
      connection_recovery_max_interval: stock ? 30 : 5,
    });
    // A replaced UA (new account, new password) still reports its own shutdown; only the
    // current one may move the registration state or start reconnects.
    const current = () => this.ua === ua;
    ua.on('connecting', () => {
      if (current()) this.reduce({ type: 'transport-connecting' });
    });
    ua.on('connected', () => {
      if (!current()) return;
      this.reconnectAttempt = 0;
      this.clearReconnect();
      this.reduce({ type: 'transport-connected' });
      if (wantsRegistration(this.policy())) ua.register();
      this.startKeepalive();
      // The socket was replaced under live calls: their media path may be gone too.
      for (const [id, rt] of this.runtimes) if (rt.session.isEstablished()) this.restartIce(id, 'transport restored');
    });
    ua.on('disconnected', () => {
      if (!current()) return;
      this.stopKeepalive();
      this.reduce({ type: 'transport-down' });
      this.scheduleReconnect();
    });
    ua.on('registered', () => {
      if (!current()) return;
      this.store.setState({ registeredAt: Date.now() });
      this.reduce({ type: 'registered' });
    });
    ua.on('unregistered', () => {
      if (current()) this.reduce({ type: 'unregistered' });
    });
    ua.on('registrationFailed', (e: { cause?: string }) => {
      if (!current()) return;
      const cause = String(e.cause ?? 'Rejected');
      this.reduce({ type: 'registration-failed', cause });
      // JsSIP does not retry a REGISTER that timed out; a silent socket is the usual reason.
      if (cause === 'Request Timeout' || cause === 'Connection Error') this.forceReconnect('register timed out');
    });
    ua.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
      if (e.originator === 'remote') this.onIncoming(e.session);
    });
    return ua;
  }

  private policy(): PhoneRegistrationPolicy {
    return this.store.getState().registration.policy;
  }

  private applyPolicy(policy: PhoneRegistrationPolicy): void {
    this.reduce({ type: 'policy', policy });
    const ua = this.ua;
    if (!ua) return;
    if (wantsRegistration(policy)) {
      if (this.userStopped) {
        this.userStopped = false;
        ua.start();
      } else if (ua.isConnected() && !ua.isRegistered()) ua.register();
      else if (!ua.isConnected()) this.kick('policy wants registration');
      if (ua.isConnected()) this.reduce({ type: 'transport-connected' });
    } else if (!this.userStopped) {
      if (liveCalls(this.store.getState()).length > 0) {
        // Never cut a call because presence changed: leave the server, keep the socket.
        ua.unregister();
      } else {
        this.userStopped = true;
        this.stopKeepalive();
        this.clearReconnect();
        ua.stop();
      }
    }
  }

  private reduce(event: RegistrationEvent): void {
    const prev = this.store.getState().registration;
    const next = registrationReducer(prev, event);
    if (next !== prev) {
      // Support reads the devtools console; the phone tests print it when they fail.
      console.info(`[phone] ${event.type}: ${prev.phase} → ${next.phase} (policy ${next.policy})`);
      this.store.setState({ registration: next });
    }
    this.report();
  }

  private report(): void {
    const s = this.store.getState();
    const status = { registration: s.registration.phase, failure: s.registration.failure, activeCalls: liveCalls(s).length };
    const key = JSON.stringify(status);
    if (key === this.lastReported) return;
    this.lastReported = key;
    void this.agent.phone.reportStatus(status);
  }

  // ───────────────────────── recovery ─────────────────────────

  private transport(): TransportInternals | null {
    const t = (this.ua as unknown as { transport?: TransportInternals } | null)?.transport;
    return t ?? null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private scheduleReconnect(): void {
    if (!this.tuning.fastReconnect || this.userStopped || this.reconnectTimer) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connectNow();
    }, delay);
  }

  /** Connect at once, replacing JsSIP's pending recovery timer. */
  private connectNow(): void {
    const t = this.transport();
    if (!t || this.userStopped || t.isConnected() || t.isConnecting()) return;
    if (t.recovery_timer) {
      clearTimeout(t.recovery_timer);
      t.recovery_timer = null;
    }
    t.connect();
  }

  /** The socket looks open but is not answering: drop it and dial again. */
  private forceReconnect(why: string): void {
    const t = this.transport();
    if (!t || this.userStopped || !this.tuning.fastReconnect) return;
    console.info(`[phone] reconnecting: ${why}`);
    this.reconnectAttempt = 0;
    if (t.isConnected() || t.isConnecting()) t.disconnect();
    this.clearReconnect();
    this.connectNow();
  }

  /** Something outside says the network may be back (online event, resume): check now. */
  kick(why: string): void {
    if (this.userStopped || !this.ua || !this.tuning.fastReconnect) return;
    const t = this.transport();
    if (t?.isConnected()) void this.ping(why);
    else {
      this.reconnectAttempt = 0;
      this.clearReconnect();
      this.connectNow();
    }
  }

  /** A timer that fires late by far more than its period means the laptop slept. */
  private watchForResume(): void {
    let last = Date.now();
    setInterval(() => {
      const now = Date.now();
      if (now - last > 5000) this.kick('resumed from sleep');
      last = now;
    }, 1000);
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    if (!this.tuning.keepaliveMs) return;
    this.keepaliveTimer = setInterval(() => void this.ping('keepalive'), this.tuning.keepaliveMs);
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  /** OPTIONS to the server: any answer proves the socket alive; silence past the timeout does not. */
  private ping(why: string): Promise<void> {
    const ua = this.ua;
    if (!ua || !this.account || this.pingInFlight || !ua.isConnected()) return Promise.resolve();
    this.pingInFlight = true;
    return new Promise((resolve) => {
      let settled = false;
      const done = (alive: boolean) => {
        if (settled) return;
        settled = true;
        this.pingInFlight = false;
        clearTimeout(timer);
        if (!alive) this.forceReconnect(`${why}: no answer to OPTIONS`);
        resolve();
      };
      const timer = setTimeout(() => done(false), this.tuning.keepaliveTimeoutMs || 2500);
      try {
        (ua as unknown as OptionsSender).sendOptions(`sip:${domainOf(this.account!.uri)}`, undefined, {
          eventHandlers: {
            succeeded: () => done(true),
            // A SIP error answer still proves the path works; only transport failures do not.
            failed: (e: { cause?: string }) => done(e.cause !== 'Connection Error' && e.cause !== 'Request Timeout'),
          },
        });
      } catch {
        done(false);
      }
    });
  }

  // ───────────────────────── calls ─────────────────────────

  private mediaConstraints(): MediaStreamConstraints {
    const mic = this.store.getState().devices.microphone;
    return { audio: mic && mic !== 'default' ? { deviceId: { exact: mic } } : true, video: false };
  }

  async dial(input: string): Promise<boolean> {
    const ua = this.ua;
    const account = this.account;
    if (!ua || !account) return this.notice('The phone is not configured.');
    const target = normalizeDialTarget(input, domainOf(account.uri));
    if (!target) return this.notice(`"${input}" is not a number that can be dialled.`);
    if (!ua.isConnected()) return this.notice('The phone is not connected to the server.');
    this.requestNotificationPermission();
    // Starting a call while on another: the first goes on hold, as a desk phone does.
    for (const c of liveCalls(this.store.getState())) if (c.phase === 'active' && !c.held) this.hold(c.id);
    try {
      const session = ua.call(target, {
        mediaConstraints: this.mediaConstraints(),
        pcConfig: this.pcConfig,
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
        sessionTimersExpires: SESSION_EXPIRES_S,
      });
      this.track(session, 'outbound');
      return true;
    } catch (err) {
      return this.notice(`Could not start the call: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onIncoming(session: RTCSession): void {
    const id = this.track(session, 'inbound');
    if (this.replacing.delete(session)) {
      this.signal(id, 'answer');
      session.answer({ mediaConstraints: this.mediaConstraints(), pcConfig: this.pcConfig, sessionTimersExpires: SESSION_EXPIRES_S });
      return;
    }
    if (this.policy() === 'register-busy') {
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.startRinging();
    this.notifyIncoming(id);
  }

  answer(id: string): void {
    const rt = this.runtimes.get(id);
    if (!rt) return;
    for (const c of liveCalls(this.store.getState())) if (c.id !== id && c.phase === 'active' && !c.held) this.hold(c.id);
    this.signal(id, 'answer');
    this.stopRingingIfNoneLeft(id);
    rt.session.answer({ mediaConstraints: this.mediaConstraints(), pcConfig: this.pcConfig, sessionTimersExpires: SESSION_EXPIRES_S });
  }

  decline(id: string): void {
    this.runtimes.get(id)?.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
  }

  hangup(id: string): void {
    const rt = this.runtimes.get(id);
    if (rt && !rt.session.isEnded()) rt.session.terminate();
  }

  hold(id: string): void {
    const rt = this.runtimes.get(id);
    if (rt?.session.isEstablished() && !rt.session.isOnHold().local) rt.session.hold({}, () => undefined);
  }

  resume(id: string): void {
    const rt = this.runtimes.get(id);
    if (!rt?.session.isEstablished() || !rt.session.isOnHold().local) return;
    // Only one call talks at a time.
    for (const c of liveCalls(this.store.getState())) if (c.id !== id && c.phase === 'active' && !c.held) this.hold(c.id);
    rt.session.unhold({}, () => undefined);
  }

  setMuted(id: string, muted: boolean): void {
    const rt = this.runtimes.get(id);
    if (!rt) return;
    if (muted) rt.session.mute({ audio: true });
    else rt.session.unmute({ audio: true });
  }

  sendDtmf(id: string, digit: string): void {
    const rt = this.runtimes.get(id);
    if (!rt?.session.isEstablished() || !/^[0-9*#A-D]$/.test(digit)) return;
    const info = this.store.getState().dtmfTransport === 'info';
    rt.session.sendDTMF(digit, { transportType: (info ? 'INFO' : 'RFC2833') as never, duration: 100, interToneGap: 70 });
    this.patch(id, (c) => ({ dtmfSent: c.dtmfSent + digit }));
  }

  /** Blind transfer: REFER the other party to the target; our leg ends when they accept. */
  transfer(id: string, input: string): boolean {
    const rt = this.runtimes.get(id);
    const account = this.account;
    if (!rt || !account || !rt.session.isEstablished()) return false;
    const target = normalizeDialTarget(input, domainOf(account.uri));
    if (!target) return this.notice(`"${input}" is not a number that can be dialled.`);
    this.patch(id, () => ({ transfer: 'pending' }));
    rt.session.refer(target, {
      eventHandlers: {
        accepted: () => rt.session.terminate(),
        requestFailed: () => this.transferFailed(id),
        failed: () => this.transferFailed(id),
      },
    });
    return true;
  }

  /** Attended transfer: connect the held call `id` with the consultation call `consultId`. */
  completeAttendedTransfer(id: string, consultId: string): boolean {
    const rt = this.runtimes.get(id);
    const consult = this.runtimes.get(consultId);
    if (!rt || !consult || !rt.session.isEstablished() || !consult.session.isEstablished()) return false;
    this.patch(id, () => ({ transfer: 'pending' }));
    rt.session.refer(consult.session.remote_identity.uri, {
      replaces: consult.session,
      eventHandlers: {
        accepted: () => {
          rt.session.terminate();
          if (!consult.session.isEnded()) consult.session.terminate();
        },
        requestFailed: () => this.transferFailed(id),
        failed: () => this.transferFailed(id),
      },
    });
    return true;
  }

  private transferFailed(id: string): void {
    this.patch(id, () => ({ transfer: 'failed' }));
    this.notice('The transfer failed; the caller is still on this line.');
  }

  private track(session: RTCSession, direction: CallDirection): string {
    const id = crypto.randomUUID();
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.hidden = true;
    document.body.appendChild(audio);
    void this.applySink(audio, this.store.getState().devices.speaker);
    const rt: CallRuntime = { session, audio, lastCounters: null, iceRestartTimer: null, dtmfTones: [], logChain: Promise.resolve() };
    this.runtimes.set(id, rt);
    const who = callerIdentity(session.remote_identity.uri.toString(), session.remote_identity.display_name);
    const view: CallView = {
      id,
      direction,
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
    this.store.setState((s) => ({ calls: [...s.calls.filter((c) => c.phase !== 'ended'), view] }));
    this.logEvent(id, CALL_LOG_ON_ENTER[view.phase]);
    if (who.presentation === 'allowed') void this.lookupContact(id, view.remoteNumber);
    this.report();

    const plan = this.gatherPlan;
    if (plan.capMs > 0) {
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
    const wirePc = (pc: RTCPeerConnection) => {
      pc.addEventListener('track', (ev) => {
        audio.srcObject = ev.streams[0] ?? new MediaStream([ev.track]);
      });
      pc.addEventListener('iceconnectionstatechange', () => this.onIceState(id, pc.iceConnectionState));
      // A refused TURN password otherwise shows as a connected call in which nobody hears anything.
      pc.addEventListener('icecandidateerror', (ev) => {
        const e = ev as RTCPeerConnectionIceErrorEvent;
        if (/^turns?:/.test(e.url) && (e.errorCode === 401 || e.errorCode === 403)) {
          this.notice(`The TURN server refused this workstation's TURN password (${e.url}): the call may have no audio. Ask IT.`);
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
    session.on('ended', (e) => this.finish(id, 'ended', e.cause, (e.message as { status_code?: number } | null)?.status_code ?? null));
    session.on('failed', (e) => this.finish(id, 'failed', e.cause, (e.message as { status_code?: number } | null)?.status_code ?? null));
    // A refused hold/resume/ICE restart leaves the call as it was (RFC 3261 §14.1); say so.
    session.on('reofferfailed', (e) => this.notice(describeRefusedChange(e.action)));
    session.on('hold', (e) => this.patch(id, () => (e.originator === 'local' ? { held: true } : { remoteHeld: true })));
    session.on('unhold', (e) => this.patch(id, () => (e.originator === 'local' ? { held: false } : { remoteHeld: false })));
    session.on('muted', () => this.patch(id, () => ({ muted: true })));
    session.on('unmuted', () => this.patch(id, () => ({ muted: false })));
    session.on('newDTMF', (e: { originator: string; dtmf: { tone: string } }) => {
      if (e.originator === 'remote') this.patch(id, (c) => ({ dtmfReceived: c.dtmfReceived + e.dtmf.tone }));
    });
    // Blind transfer towards us: the other party REFERs us to a third; we call it and drop them.
    session.on('refer', (e) => {
      e.accept((newSession: RTCSession) => this.track(newSession, 'outbound'), {
        mediaConstraints: this.mediaConstraints(),
        pcConfig: this.pcConfig,
        sessionTimersExpires: SESSION_EXPIRES_S,
      });
    });
    // Attended transfer ends here: an INVITE with Replaces takes over this call.
    session.on('replaces', (e) => {
      // JsSIP then announces the new session as an ordinary incoming one; it must not ring.
      e.accept((newSession: RTCSession) => void this.replacing.add(newSession));
    });
    return id;
  }

  private signal(id: string, signal: CallSignal): void {
    const call = this.store.getState().calls.find((c) => c.id === id);
    if (!call) return;
    const phase = nextPhase(call.phase, signal);
    if (phase === call.phase) return;
    this.patch(id, () => ({ phase, answeredAt: phase === 'active' ? Date.now() : call.answeredAt }));
    this.logEvent(id, CALL_LOG_ON_ENTER[phase]);
    if (phase === 'active') {
      this.startStats(id);
      // Device labels and ids are only readable once the microphone permission was used.
      void this.refreshDevices();
    }
  }

  private finish(id: string, signal: CallSignal, cause: string | undefined, statusCode: number | null): void {
    const call = this.store.getState().calls.find((c) => c.id === id);
    const rt = this.runtimes.get(id);
    if (!call || !rt) return;
    const endCause = describeEndCause(cause ?? null, call.answeredAt !== null, statusCode);
    this.patch(id, () => ({ phase: nextPhase(call.phase, signal), endedAt: Date.now(), endCause }));
    this.logEvent(id, 'ended', endCause);
    rt.audio.srcObject = null;
    rt.audio.remove();
    if (rt.iceRestartTimer) clearTimeout(rt.iceRestartTimer);
    this.runtimes.delete(id);
    this.stopRingingIfNoneLeft(id);
    this.report();
    void rt.logChain.then(() => this.refreshHistory());
  }

  private patch(id: string, f: (c: CallView) => Partial<CallView>): void {
    this.store.setState((s) => ({ calls: s.calls.map((c) => (c.id === id ? { ...c, ...f(c) } : c)) }));
    this.report();
  }

  private notice(text: string): false {
    this.store.setState({ notice: text });
    return false;
  }

  clearNotice(): void {
    this.store.setState({ notice: null });
  }

  // ───────────────────────── media path recovery ─────────────────────────

  private onIceState(id: string, state: RTCIceConnectionState): void {
    const rt = this.runtimes.get(id);
    if (!rt) return;
    if (state === 'connected' || state === 'completed') {
      if (rt.iceRestartTimer) clearTimeout(rt.iceRestartTimer);
      rt.iceRestartTimer = null;
      return;
    }
    if (state === 'failed') this.restartIce(id, 'ICE failed');
    // 'disconnected' often heals by itself within a second or two; restart only if it does not.
    if (state === 'disconnected' && !rt.iceRestartTimer) {
      rt.iceRestartTimer = setTimeout(() => {
        rt.iceRestartTimer = null;
        const pc = rt.session.connection;
        if (pc && (pc.iceConnectionState === 'disconnected' || pc.iceConnectionState === 'failed')) this.restartIce(id, 'ICE disconnected');
      }, 1500);
    }
  }

  private restartIce(id: string, why: string): void {
    const rt = this.runtimes.get(id);
    if (!rt || !this.ua?.isConnected() || !rt.session.isEstablished() || !rt.session.isReadyToReOffer()) return;
    console.info(`[phone] ICE restart on call ${id}: ${why}`);
    this.iceRestarts += 1;
    rt.session.renegotiate({ rtcOfferConstraints: { iceRestart: true, offerToReceiveAudio: true, offerToReceiveVideo: false } }, () => undefined);
  }

  // ───────────────────────── quality ─────────────────────────

  private startStats(id: string): void {
    const tick = async () => {
      const rt = this.runtimes.get(id);
      if (!rt) return;
      const pc = rt.session.connection;
      if (pc) {
        const report = await pc.getStats();
        let rtt: number | null = null;
        let jitter: number | null = null;
        let counters: RtpCounters | null = null;
        report.forEach((s: Record<string, unknown>) => {
          if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') rtt = s.currentRoundTripTime;
          if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number' && rtt === null) rtt = s.roundTripTime;
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            jitter = typeof s.jitter === 'number' ? s.jitter : null;
            counters = { packetsReceived: Number(s.packetsReceived ?? 0), packetsLost: Number(s.packetsLost ?? 0) };
          }
        });
        const loss = counters ? intervalLoss(rt.lastCounters, counters) : null;
        rt.lastCounters = counters;
        this.patch(id, () => ({
          quality: assessQuality({ rttSeconds: rtt, jitterSeconds: jitter, lossFraction: loss }),
          mediaPath: selectedCandidateType(report),
        }));
      }
      const t = setTimeout(() => {
        this.timers.delete(t);
        void tick();
      }, 2000);
      this.timers.add(t);
    };
    void tick();
  }

  /** What tests and support read to see the call's media really flowing; no effect on the call. */
  async diagnostics(): Promise<CallDiagnostics[]> {
    const out: CallDiagnostics[] = [];
    for (const [id, rt] of this.runtimes) {
      const pc = rt.session.connection;
      let inboundBytes = 0;
      let outboundBytes = 0;
      let audioLevel: number | null = null;
      let totalAudioEnergy: number | null = null;
      let mediaPath: string | null = null;
      if (pc) {
        const report = await pc.getStats();
        mediaPath = selectedCandidateType(report);
        report.forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            inboundBytes += Number(s.bytesReceived ?? 0);
            audioLevel = typeof s.audioLevel === 'number' ? s.audioLevel : audioLevel;
            totalAudioEnergy = typeof s.totalAudioEnergy === 'number' ? s.totalAudioEnergy : totalAudioEnergy;
          }
          if (s.type === 'outbound-rtp' && s.kind === 'audio') outboundBytes += Number(s.bytesSent ?? 0);
        });
      }
      const transceiver = pc?.getTransceivers()[0];
      const view = this.store.getState().calls.find((c) => c.id === id);
      out.push({
        id,
        phase: view?.phase ?? 'ended',
        startedAt: view?.startedAt ?? 0,
        inboundBytes,
        outboundBytes,
        audioLevel,
        totalAudioEnergy,
        currentDirection: transceiver?.currentDirection ?? null,
        senderTrackEnabled: transceiver?.sender.track ? transceiver.sender.track.enabled : null,
        senderTrackLabel: transceiver?.sender.track?.label ?? null,
        sinkId: (rt.audio as HTMLAudioElement & { sinkId?: string }).sinkId ?? null,
        iceConnectionState: pc?.iceConnectionState ?? null,
        dtmfTonesPlayed: rt.dtmfTones.join(''),
        iceRestarts: this.iceRestarts,
        mediaPath,
      });
    }
    return out;
  }

  /** RFC 4733 digits leave through the RTP sender's DTMF queue; record what it really played. */
  private watchDtmfSender(id: string): void {
    const rt = this.runtimes.get(id);
    const sender = rt?.session.connection?.getSenders().find((s) => s.track?.kind === 'audio');
    sender?.dtmf?.addEventListener('tonechange', (e: RTCDTMFToneChangeEvent) => {
      if (e.tone) rt!.dtmfTones.push(e.tone);
    });
  }

  // ───────────────────────── ringing, notification, devices ─────────────────────────

  private startRinging(): void {
    if (!this.ringer) {
      this.ringer = new Audio(ringtoneWavUrl());
      this.ringer.loop = true;
    }
    void this.applySink(this.ringer, this.store.getState().devices.ringer);
    // Autoplay may be refused before the agent touched the page; the visual ring still shows.
    this.ringer.play().catch(() => undefined);
  }

  private stopRingingIfNoneLeft(exceptId: string): void {
    const ringing = liveCalls(this.store.getState()).some((c) => c.id !== exceptId && c.phase === 'incoming');
    if (!ringing && this.ringer) {
      this.ringer.pause();
      this.ringer.currentTime = 0;
    }
  }

  private requestNotificationPermission(): void {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
  }

  private notifyIncoming(id: string): void {
    if (!document.hidden || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const call = this.store.getState().calls.find((c) => c.id === id);
    if (!call) return;
    const n = new Notification('Incoming call', { body: call.remoteName ?? call.remoteNumber, tag: id, requireInteraction: true });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  }

  async refreshDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const list = await navigator.mediaDevices.enumerateDevices();
    const opt = (d: MediaDeviceInfo, i: number) => ({ deviceId: d.deviceId, label: d.label || `${d.kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}` });
    this.store.setState((s) => ({
      devices: {
        ...s.devices,
        microphones: list.filter((d) => d.kind === 'audioinput').map(opt),
        speakers: list.filter((d) => d.kind === 'audiooutput').map(opt),
      },
    }));
  }

  private async applySink(el: HTMLAudioElement, deviceId: string): Promise<void> {
    const withSink = el as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (!withSink.setSinkId || !deviceId) return;
    await withSink.setSinkId(deviceId === 'default' ? '' : deviceId).catch(() => undefined);
  }

  /** Switching devices applies to calls in progress too: the speaker at once, the mic by replacing the track. */
  async setDevice(kind: 'microphone' | 'speaker' | 'ringer', deviceId: string): Promise<void> {
    this.store.setState((s) => ({ devices: { ...s.devices, [kind]: deviceId } }));
    if (kind === 'speaker') for (const rt of this.runtimes.values()) await this.applySink(rt.audio, deviceId);
    if (kind === 'ringer' && this.ringer) await this.applySink(this.ringer, deviceId);
    if (kind === 'microphone') {
      for (const rt of this.runtimes.values()) {
        const sender = rt.session.connection?.getSenders().find((s) => s.track?.kind === 'audio');
        if (!sender) continue;
        const stream = await navigator.mediaDevices.getUserMedia(this.mediaConstraints());
        const track = stream.getAudioTracks()[0];
        if (!track) continue;
        const old = sender.track;
        track.enabled = old?.enabled ?? true;
        await sender.replaceTrack(track);
        old?.stop();
      }
    }
  }

  setDtmfTransport(t: 'rfc4733' | 'info'): void {
    this.store.setState({ dtmfTransport: t });
  }

  // ───────────────────────── call log ─────────────────────────

  private logEvent(id: string, event: LogCallEventInput['event'] | undefined, endCause?: string): void {
    const rt = this.runtimes.get(id);
    const call = this.store.getState().calls.find((c) => c.id === id);
    const calls = this.agent.calls;
    if (!rt || !call || !event || !this.account) return;
    const input: LogCallEventInput = {
      callId: id,
      direction: call.direction,
      localNumber: numberOf(this.account.uri),
      remoteNumber: call.remoteNumber,
      event,
      at: new Date().toISOString(),
      ...(endCause ? { endCause } : {}),
    };
    // In order, and retried while the core is unreachable: the log must survive a host restart.
    rt.logChain = rt.logChain.then(async () => {
      for (let attempt = 0; attempt < 30; attempt++) {
        const r = await calls.logEvent(input);
        if (r.ok || r.error.code !== 'TRANSPORT_CLOSED') {
          if (!r.ok) console.warn(`[phone] call log refused: ${r.error.code} ${r.error.message}`);
          return;
        }
        await new Promise((res) => setTimeout(res, 1000));
      }
    });
  }

  async refreshHistory(): Promise<void> {
    const r = await this.agent.calls.history({ limit: 50 });
    if (r.ok) this.store.setState({ history: r.value });
  }

  private async lookupContact(id: string, number: string): Promise<void> {
    const r = await this.agent.contacts.lookupByNumber({ number });
    const m = r.ok ? r.value.matches[0] : undefined;
    if (!m) return;
    const name = [m.firstName, m.lastName].filter(Boolean).join(' ') || m.company || null;
    if (name) this.patch(id, () => ({ remoteName: name }));
  }
}
