/**
 * The SIP connection: the account and its JsSIP UA, registration as the core's policy asks, and
 * the registration state and status the UI and the tray show. Keeping the socket alive is
 * ConnectionRecovery's job; calls are CallControl's.
 */
import { UA, WebSocketInterface } from 'jssip';
import type { IncomingRTCSessionEvent, OutgoingRTCSessionEvent } from 'jssip/lib/UA';
import type { AgentApi, PhoneAccount, PhoneRegistrationPolicy } from '../../../../src/contract';
import { iceGatherPlan, mediaPcConfig, type IceGatherPlan } from '../media/ice-config';
import { addPing, assessLine, type PingOutcome } from '../stats/line-quality';
import { liveCalls, type PhoneStore } from '../phone-store';
import type { PhoneTuning } from '../phone-tuning';
import { ConnectionRecovery } from '../recovery/connection-recovery';
import { INITIAL_REGISTRATION_LOG, registrationLogLine, type RegistrationLog } from '../registration-log';
import { registrationReducer, wantsRegistration, type RegistrationEvent } from '../registration-machine';
import { forgetRegistered, transportOf, type OptionsSender } from './jssip-internals';
import { serverUriOf } from './server-uri';

export interface SipConnectionHooks {
  /** A call from outside arrived (JsSIP's newRTCSession with originator remote). */
  onIncoming(event: IncomingRTCSessionEvent): void;
  /** The socket was replaced under live calls: their media path may be gone too. */
  onTransportRestored(): void;
}

export class SipConnection {
  private currentUa: UA | null = null;
  private currentAccount: PhoneAccount | null = null;
  private currentPcConfig: RTCConfiguration = mediaPcConfig({ iceServers: [], iceTransportPolicy: 'all' }, null);
  private currentGatherPlan: IceGatherPlan = iceGatherPlan({ iceServers: [], iceTransportPolicy: 'all' }, 0);
  private lastReported = '';
  /** Policy events seen so far: an answer to an older policy query must not undo a newer event. */
  private policyEvents = 0;
  /** The keepalive's last pings, for the line-quality indicator. */
  private pings: PingOutcome[] = [];
  private registrationLog: RegistrationLog = INITIAL_REGISTRATION_LOG;
  readonly recovery: ConnectionRecovery;

  constructor(
    private readonly agent: AgentApi,
    private readonly store: PhoneStore,
    private readonly tuning: PhoneTuning,
    private readonly hooks: SipConnectionHooks,
  ) {
    this.recovery = new ConnectionRecovery(
      {
        transport: () => transportOf(this.currentUa),
        webSocketUrls: () => this.currentAccount?.wsServers ?? [],
        sendPing: (settled) => this.sendPing(settled),
        pingSettled: (rttMs) => this.recordPing(rttMs),
        register: () => {
          const ua = this.currentUa;
          if (!ua?.isConnected() || !wantsRegistration(this.policy())) return;
          forgetRegistered(ua);
          ua.register();
        },
        unregister: () => {
          if (this.currentUa?.isRegistered()) this.currentUa.unregister();
        },
      },
      tuning,
    );
  }

  get ua(): UA | null {
    return this.currentUa;
  }

  get account(): PhoneAccount | null {
    return this.currentAccount;
  }

  /** The peer connection settings every call of this account uses (ICE servers, policy). */
  get pcConfig(): RTCConfiguration {
    return this.currentPcConfig;
  }

  get gatherPlan(): IceGatherPlan {
    return this.currentGatherPlan;
  }

  /** Whether the UA's socket is up now (calls, ICE restarts and transfers need it). */
  isConnected(): boolean {
    return this.currentUa?.isConnected() ?? false;
  }

  policy(): PhoneRegistrationPolicy {
    return this.store.getState().registration.policy;
  }

  /** Quit: unregister and close, so the server stops routing calls here at once. */
  shutdown(): void {
    this.recovery.dispatch({ type: 'stop' });
    this.currentUa?.stop();
  }

  /** Asks the core for the policy and applies it, unless a policy event arrived meanwhile (it is newer). */
  async reapplyPolicy(): Promise<void> {
    const seen = this.policyEvents;
    const r = await this.agent.phone.policy({});
    if (r.ok && seen === this.policyEvents) this.applyPolicy(r.value.registration);
  }

  /** The core's 'phone.policy' event: presence changed. */
  onPolicyEvent(policy: PhoneRegistrationPolicy): void {
    this.policyEvents += 1;
    this.applyPolicy(policy);
  }

  /** Reads the account and its passwords from the core and builds a new UA (not started: the policy starts it). */
  async loadAccount(): Promise<void> {
    const r = await this.agent.phone.credentials({});
    if (this.currentUa) {
      const replaced = this.currentUa;
      this.currentUa = null;
      this.recovery.dispatch({ type: 'stop' });
      replaced.stop();
    }
    if (!r.ok) {
      const account = await this.agent.phone.account({});
      this.currentAccount = account.ok ? account.value : null;
      this.store.setState({ account: this.currentAccount, dtmfTransport: this.currentAccount?.dtmfTransport ?? 'rfc4733' });
      this.reduce({ type: 'unconfigured', reason: this.currentAccount && !this.currentAccount.hasPassword ? 'no-password' : null });
      return;
    }
    const { account, password, turnPassword } = r.value;
    this.currentAccount = account;
    this.currentPcConfig = mediaPcConfig(account, turnPassword);
    this.currentGatherPlan = iceGatherPlan(account, this.tuning.iceGatherCapMs);
    this.store.setState({ account, dtmfTransport: account.dtmfTransport });
    this.currentUa = this.createUa(account, password);
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
    const current = () => this.currentUa === ua;
    ua.on('connecting', () => {
      if (current()) this.reduce({ type: 'transport-connecting' });
    });
    ua.on('connected', () => {
      if (!current()) return;
      this.recovery.dispatch({ type: 'connected' });
      this.reduce({ type: 'transport-connected' });
      if (wantsRegistration(this.policy())) ua.register();
      this.hooks.onTransportRestored();
    });
    ua.on('disconnected', () => {
      if (!current()) return;
      this.forgetLine();
      this.reduce({ type: 'transport-down' });
      this.recovery.dispatch({ type: 'disconnected' });
    });
    ua.on('registered', () => {
      if (!current()) return;
      const now = Date.now();
      const resumed = this.recovery.lastResumeAt;
      // The figure issue 11 fault 7 asks for; support reads it in the console.
      const before = this.store.getState().registeredAt;
      if (resumed !== null && (before === null || resumed > before)) console.info(`[phone] resume → registered in ${now - resumed} ms`);
      this.store.setState({ registeredAt: now });
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
      if (cause === 'Request Timeout' || cause === 'Connection Error') this.recovery.dispatch({ type: 'socket-silent' }, 'register timed out');
    });
    ua.on('newRTCSession', (e: IncomingRTCSessionEvent | OutgoingRTCSessionEvent) => {
      if (e.originator === 'remote') this.hooks.onIncoming(e);
    });
    return ua;
  }

  /**
   * register and register-busy (Not Ready / DND: reachable for outbound, incoming refused) keep
   * the phone on the server; unregister takes it off, but never while a call is up.
   */
  applyPolicy(policy: PhoneRegistrationPolicy): void {
    this.reduce({ type: 'policy', policy });
    const ua = this.currentUa;
    if (!ua) return;
    if (wantsRegistration(policy)) {
      if (this.recovery.stopped) {
        this.recovery.dispatch({ type: 'start' });
        ua.start();
      } else if (ua.isConnected() && !ua.isRegistered()) ua.register();
      else if (!ua.isConnected()) this.recovery.kick('policy wants registration');
      if (ua.isConnected()) this.reduce({ type: 'transport-connected' });
    } else if (!this.recovery.stopped) {
      if (liveCalls(this.store.getState()).length > 0) {
        // Never cut a call because presence changed: leave the server, keep the socket.
        ua.unregister();
      } else {
        this.recovery.dispatch({ type: 'stop' });
        ua.stop();
      }
    }
  }

  private reduce(event: RegistrationEvent): void {
    const prev = this.store.getState().registration;
    const next = registrationReducer(prev, event);
    if (next !== prev) {
      // Support reads the devtools console; the phone tests print it when they fail. Once per
      // change of state, not per reconnect attempt (registration-log.ts).
      const logged = registrationLogLine(this.registrationLog, event, prev, next);
      this.registrationLog = logged.log;
      if (logged.line !== null) console.info(logged.line);
      this.store.setState({ registration: next });
    }
    this.report();
  }

  /** Tells the core the registration and the number of live calls, when either changed. */
  report(): void {
    const s = this.store.getState();
    const status = { registration: s.registration.phase, failure: s.registration.failure, activeCalls: liveCalls(s).length };
    const key = JSON.stringify(status);
    if (key === this.lastReported) return;
    this.lastReported = key;
    void this.agent.phone.reportStatus(status);
  }

  private sendPing(settled: (alive: boolean) => void): boolean {
    const ua = this.currentUa;
    const account = this.currentAccount;
    const server = account ? serverUriOf(account.uri) : null;
    if (!ua || !server || !ua.isConnected()) return false;
    (ua as unknown as OptionsSender).sendOptions(server, undefined, {
      eventHandlers: {
        succeeded: () => settled(true),
        // A SIP error answer still proves the path works; only transport failures do not.
        failed: (e: { cause?: string }) => settled(e.cause !== 'Connection Error' && e.cause !== 'Request Timeout'),
      },
    });
    return true;
  }

  private recordPing(rttMs: number | null): void {
    this.pings = addPing(this.pings, { rttMs });
    this.store.setState({ line: assessLine(this.pings) });
  }

  /** The socket went: its pings say nothing of the next one. */
  private forgetLine(): void {
    this.pings = [];
    this.store.setState({ line: null });
  }
}
