import type { AppStatus, SleepState } from '../../contract';
import type { EventBus } from '../event-bus';

/**
 * Power and network as the host sees them (Electron's powerMonitor/net, or the browser host's
 * own probes). The core keeps the latest and tells the renderer and the sync engine.
 */
export class Environment {
  private status: AppStatus = { network: 'online', power: 'unknown', batteryPercent: null };
  private readonly networkListeners = new Set<(online: boolean) => void>();
  private readonly resumeListeners = new Set<() => void>();

  constructor(private readonly bus: EventBus) {}

  get(): AppStatus {
    return this.status;
  }

  update(patch: Partial<AppStatus>): void {
    const next = { ...this.status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    const networkChanged = next.network !== this.status.network;
    this.status = next;
    this.bus.emit('app.status', next);
    if (networkChanged) for (const l of this.networkListeners) l(next.network === 'online');
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
}
