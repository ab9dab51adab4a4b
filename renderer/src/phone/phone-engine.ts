/**
 * The phone engine: JsSIP + WebRTC, outside React. A facade: it builds the parts below, wires
 * them to the page and the core, and is the one object the UI calls. Where each job lives:
 *
 *   connection/sip-connection.ts     the account, the JsSIP UA, registration by policy, status report
 *   recovery/recovery-machine.ts     reconnect / keepalive / resume as data (pure, unit-tested)
 *   recovery/connection-recovery.ts  its timers, the OPTIONS ping, reconnecting the transport
 *   calls/call-control.ts            dial, answer, hold, mute, DTMF; each session into store and log
 *   calls/call-transfer.ts           blind and attended transfer
 *   calls/dialed-number.ts           the DNIS of an inbound call, from its INVITE
 *   media/ice-restart.ts             media recovery: ICE restarts that carry a call over a drop
 *   stats/stats-report.ts            the one getStats() reader; stats/call-stats.ts polls it
 *   devices/audio-devices.ts         microphone, speaker, ringer choice; devices/ringer.ts rings
 *   call-log/call-log-writer.ts      the call's steps to the local store, in order, retried
 */
import type { AudioProfileSetting } from './media/audio-profile';
import type { AgentApi } from '../../../src/contract';
import { CallLogWriter } from './call-log/call-log-writer';
import { CallControl } from './calls/call-control';
import { CallTable } from './calls/call-table';
import { CallTransfer } from './calls/call-transfer';
import { inviteAddressing } from './calls/dialed-number';
import { SipConnection } from './connection/sip-connection';
import { AudioDevices, type AudioDeviceKind } from './devices/audio-devices';
import { Ringer } from './devices/ringer';
import { IceRestarter } from './media/ice-restart';
import { liveCalls, type PhoneStore } from './phone-store';
import { CLOCK_JUMP_EVENT } from './recovery/connection-recovery';
import { TUNED, type PhoneTuning } from './phone-tuning';
import { CallStats, type CallDiagnostics } from './stats/call-stats';

export { STOCK, TUNED, type PhoneTuning } from './phone-tuning';
export type { CallDiagnostics } from './stats/call-stats';

export class PhoneEngine {
  private readonly connection: SipConnection;
  private readonly calls: CallTable;
  private readonly devices: AudioDevices;
  private readonly ringer: Ringer;
  private readonly callLog: CallLogWriter;
  private readonly stats: CallStats;
  private readonly iceRestarter: IceRestarter;
  private readonly control: CallControl;
  private readonly transfers: CallTransfer;

  constructor(
    private readonly agent: AgentApi,
    private readonly store: PhoneStore,
    tuning: Partial<PhoneTuning> = {},
  ) {
    this.connection = new SipConnection(agent, store, { ...TUNED, ...tuning }, {
      onIncoming: (e) => this.control.onIncoming(e.session, inviteAddressing(e.request)),
      onTransportRestored: () => this.iceRestarter.restartAll('transport restored'),
    });
    this.calls = new CallTable(store, () => this.connection.report());
    this.ringer = new Ringer(store, () => this.devices);
    this.devices = new AudioDevices(store, this.calls, () => this.ringer.element);
    this.callLog = new CallLogWriter(agent, store);
    this.stats = new CallStats(this.calls);
    this.iceRestarter = new IceRestarter(this.calls, () => this.connection.isConnected());
    this.control = new CallControl({
      store,
      connection: this.connection,
      calls: this.calls,
      devices: this.devices,
      ringer: this.ringer,
      callLog: this.callLog,
      stats: this.stats,
      iceRestarter: this.iceRestarter,
    });
    this.transfers = new CallTransfer(this.calls, this.connection);
  }

  // ───────────────────────── lifecycle ─────────────────────────

  async start(): Promise<void> {
    const { agent, connection } = this;
    agent.on('phone.policy', (p) => connection.onPolicyEvent(p.registration));
    agent.on('phone.account', () => void connection.loadAccount().then(() => connection.reapplyPolicy()));
    agent.on('phone.dialRequested', ({ target }) => void this.dial(target));
    window.addEventListener('online', () => this.kick('network back'));
    // The host watches the OS network too (Electron's net, the browser host's probe).
    let network: string | null = null;
    agent.on('app.status', (st) => {
      if (st.network === 'online' && network === 'offline') this.kick('network back (host)');
      network = st.network;
    });
    window.addEventListener('pagehide', () => this.shutdown());
    // Waking from sleep: the host's report (Electron's powerMonitor), the page's own lifecycle
    // 'resume', and the clock-jump watchdog; one wake reported twice registers once.
    agent.on('app.sleep', ({ state }) => (state === 'suspend' ? this.laptopSleeps() : this.laptopWoke('the laptop woke (host)')));
    document.addEventListener('resume', () => this.laptopWoke('page resumed'));
    window.addEventListener(CLOCK_JUMP_EVENT, () => this.laptopWoke('clock jump'));
    connection.recovery.watchForClockJumps();
    navigator.mediaDevices?.addEventListener?.('devicechange', () => void this.refreshDevices());

    await connection.loadAccount();
    await connection.reapplyPolicy();
    void this.refreshDevices();
    void this.refreshHistory();
  }

  /** Quit: unregister and close, so the server stops routing calls here at once. */
  shutdown(): void {
    this.connection.shutdown();
  }

  /** Something outside says the network may be back (online event): check now. */
  kick(why: string): void {
    this.connection.recovery.kick(why);
  }

  /** The laptop is going to sleep: unregister unless a call is live (recovery-machine.ts SUSPEND_TRANSITIONS). */
  laptopSleeps(): void {
    this.connection.recovery.suspend(liveCalls(this.store.getState()).length > 0);
  }

  /** The laptop woke: REGISTER at once, whatever the socket looks like (issue 11 fault 7). */
  laptopWoke(why: string): void {
    this.connection.recovery.resume(why, liveCalls(this.store.getState()).length > 0);
  }

  // ───────────────────────── calls ─────────────────────────

  dial(input: string): Promise<boolean> {
    return this.control.dial(input);
  }

  answer(id: string): void {
    this.control.answer(id);
  }

  decline(id: string): void {
    this.control.decline(id);
  }

  hangup(id: string): void {
    this.control.hangup(id);
  }

  hold(id: string): void {
    this.control.hold(id);
  }

  resume(id: string): void {
    this.control.resume(id);
  }

  setMuted(id: string, muted: boolean): void {
    this.control.setMuted(id, muted);
  }

  sendDtmf(id: string, digit: string): void {
    this.control.sendDtmf(id, digit);
  }

  /** Blind transfer: REFER the other party to the target; our leg ends when they accept. */
  transfer(id: string, input: string): boolean {
    return this.transfers.transfer(id, input);
  }

  /** Attended transfer: connect the held call `id` with the consultation call `consultId`. */
  completeAttendedTransfer(id: string, consultId: string): boolean {
    return this.transfers.completeAttended(id, consultId);
  }

  clearNotice(): void {
    this.store.setState({ notice: null });
  }

  setDtmfTransport(transport: 'rfc4733' | 'info'): void {
    this.store.setState({ dtmfTransport: transport });
  }

  /** For calls set up from now on; a live call keeps the profile it started with. */
  setAudioProfile(setting: AudioProfileSetting): void {
    this.store.setState({ audioProfile: setting });
  }

  // ───────────────────────── devices, stats, history ─────────────────────────

  refreshDevices(): Promise<void> {
    return this.devices.refresh();
  }

  /** Switching devices applies to calls in progress too: the speaker at once, the mic by replacing the track. */
  setDevice(kind: AudioDeviceKind, deviceId: string): Promise<void> {
    return this.devices.setDevice(kind, deviceId);
  }

  /** What tests and support read to see the call's media really flowing; no effect on the call. */
  diagnostics(): Promise<CallDiagnostics[]> {
    return this.stats.diagnostics(this.iceRestarter.count);
  }

  refreshHistory(): Promise<void> {
    return this.callLog.refreshHistory();
  }
}
