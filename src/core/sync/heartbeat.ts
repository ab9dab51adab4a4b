import { lastFourDigits, type AppStatus, type CallRecord, type HeartbeatInput, type LineQualityReport, type PhoneStatus, type Presence } from '../../contract';
import type { Clock } from '../clock';

/** What the workstation knows that the supervisor's board shows (issue 13). */
export interface HeartbeatFacts {
  readonly presence: Presence;
  readonly phone: PhoneStatus;
  /** The call in progress (not ended), if any. */
  readonly openCall: CallRecord | null;
  readonly environment: AppStatus;
  readonly pendingMutations: number;
  readonly handRaised: boolean;
  /** The page's phone engine's judgement of the line (app.reportLineQuality); nulls until it reports. */
  readonly line: LineQualityReport;
}

/**
 * The heartbeat for these facts. The customer's number leaves as its last 4 digits; the line's
 * quality is the phone engine's (good/fair/poor with its MOS), 'unknown' until it reports one,
 * 'offline' when the host says so. The MOS goes with one decimal, so a beat differs from the last
 * only when the board would show something different (the server writes only those at once).
 */
export function heartbeatOf(f: HeartbeatFacts): HeartbeatInput {
  const call = f.openCall;
  return {
    type: 'heartbeat',
    presence: { state: f.presence.state, reason: f.presence.reason?.slice(0, 100) ?? null, since: f.presence.since },
    registration: f.phone.registration,
    call:
      call === null
        ? null
        : {
            direction: call.direction,
            numberLast4: lastFourDigits(call.remoteE164 ?? call.remoteNumber),
            startedAt: call.startedAt,
            answeredAt: call.answeredAt,
            campaignId: call.campaignId === null ? null : call.campaignId.slice(0, 64),
          },
    power: f.environment.power,
    batteryPercent: f.environment.batteryPercent,
    network: f.environment.network === 'offline' ? 'offline' : (f.line.level ?? 'unknown'),
    mos: f.environment.network === 'offline' || f.line.mos === null ? null : Math.round(f.line.mos * 10) / 10,
    pendingMutations: f.pendingMutations,
    handRaised: f.handRaised,
  };
}

/**
 * Sends heartbeats on the poke socket while it is open: every `intervalMs` the server asked for,
 * and soon (merged over 50 ms) after anything on the board changes. A beat that cannot be sent
 * is dropped — the next one says the same, newer; nothing is ever queued.
 */
export class HeartbeatSender {
  private intervalMs: number | null = null;
  private cancelTick: (() => void) | null = null;
  private cancelSoon: (() => void) | null = null;

  /** Soon after a change: several changes of one moment (call ends, presence moves) go as one beat. */
  static readonly MERGE_MS = 50;

  constructor(
    private readonly clock: Clock,
    private readonly build: () => HeartbeatInput,
    private readonly send: (text: string) => boolean,
  ) {}

  /** The socket opened and the server asked for a beat every `intervalMs`: one now, then on the interval. */
  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.beat();
  }

  stop(): void {
    this.intervalMs = null;
    this.cancelTick?.();
    this.cancelTick = null;
    this.cancelSoon?.();
    this.cancelSoon = null;
  }

  /** Something the board shows changed. */
  changed(): void {
    if (this.intervalMs === null || this.cancelSoon) return;
    this.cancelSoon = this.clock.setTimer(() => {
      this.cancelSoon = null;
      this.beat();
    }, HeartbeatSender.MERGE_MS);
  }

  private beat(): void {
    if (this.intervalMs === null) return;
    this.cancelTick?.();
    this.send(JSON.stringify(this.build()));
    this.cancelTick = this.clock.setTimer(() => {
      this.cancelTick = null;
      this.beat();
    }, this.intervalMs);
  }
}
