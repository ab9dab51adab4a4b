import type { AppStatus, PagePower, SleepState } from '../../contract';
import type { EventBus } from '../event-bus';
import type { IdleAwayPolicy } from '../field/idle-away';
import { mergePowerReadings, powerAlertFor, UNKNOWN_POWER, type PowerReading, type PowerThresholds } from '../field/power-policy';

/** What a host reports: Electron's powerMonitor/net, or the browser host's own probes. */
export type HostReading = Partial<Pick<AppStatus, 'network' | 'power' | 'batteryPercent'>>;

/**
 * Power and network as the host and the page see them. The core keeps the latest, merged by
 * the pure power policy, and tells the renderer (`app.status`), the sync engine (network) and
 * the field watch (power source and alert changes).
 */
export class Environment {
  private network: AppStatus['network'] = 'online';
  private host: PowerReading = UNKNOWN_POWER;
  private page: PowerReading | null = null;
  private status: AppStatus;
  private readonly networkListeners = new Set<(online: boolean) => void>();
  private readonly powerListeners = new Set<(now: AppStatus, before: AppStatus) => void>();
  private readonly resumeListeners = new Set<() => void>();

  constructor(
    private readonly bus: EventBus,
    private readonly thresholds: PowerThresholds,
    private readonly idleAway: IdleAwayPolicy | null,
  ) {
    this.status = this.compute();
  }

  get(): AppStatus {
    return this.status;
  }

  update(patch: HostReading): void {
    if (patch.network) this.network = patch.network;
    if (patch.power !== undefined || patch.batteryPercent !== undefined) {
      this.host = { power: patch.power ?? this.host.power, batteryPercent: patch.batteryPercent !== undefined ? patch.batteryPercent : this.host.batteryPercent };
    }
    this.recompute();
  }

  reportPage(reading: PagePower): AppStatus {
    this.page = reading;
    this.recompute();
    return this.status;
  }

  /**
   * The laptop went to sleep or woke (the host's powerMonitor, or a renderer's clock jump). Every
   * window hears 'app.sleep'; on waking the resume listeners run (sync now, due callbacks) and,
   * where the network is up, the network listeners too: after a sleep it is as good as new.
   */
  sleep(state: SleepState): void {
    this.bus.emit('app.sleep', { state });
    if (state !== 'resume') return;
    for (const l of [...this.resumeListeners]) l();
    if (this.status.network === 'online') for (const l of [...this.networkListeners]) l(true);
  }

  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  onNetworkChange(listener: (online: boolean) => void): () => void {
    this.networkListeners.add(listener);
    return () => this.networkListeners.delete(listener);
  }

  /** Called when the power source or the alert changes. */
  onPowerChange(listener: (now: AppStatus, before: AppStatus) => void): () => void {
    this.powerListeners.add(listener);
    return () => this.powerListeners.delete(listener);
  }

  private compute(): AppStatus {
    const reading = mergePowerReadings(this.host, this.page);
    return {
      network: this.network,
      ...reading,
      powerAlert: powerAlertFor(reading, this.thresholds),
      battery: { ...this.thresholds },
      idleAway: this.idleAway ? { afterMinutes: this.idleAway.afterMs / 60_000, state: this.idleAway.state } : null,
    };
  }

  private recompute(): void {
    const before = this.status;
    const next = this.compute();
    if (JSON.stringify(next) === JSON.stringify(before)) return;
    this.status = next;
    this.bus.emit('app.status', next);
    if (next.network !== before.network) for (const l of this.networkListeners) l(next.network === 'online');
    if (next.power !== before.power || next.powerAlert !== before.powerAlert) for (const l of this.powerListeners) l(next, before);
  }
}
