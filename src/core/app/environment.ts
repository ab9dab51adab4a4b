import type { AppStatus } from '../../contract';
import type { EventBus } from '../event-bus';

/**
 * Power and network as the host sees them (Electron's powerMonitor/net, or the browser host's
 * own probes). The core keeps the latest and tells the renderer and the sync engine.
 */
export class Environment {
  private status: AppStatus = { network: 'online', power: 'unknown', batteryPercent: null };
  private readonly networkListeners = new Set<(online: boolean) => void>();

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

  onNetworkChange(listener: (online: boolean) => void): () => void {
    this.networkListeners.add(listener);
    return () => this.networkListeners.delete(listener);
  }
}
