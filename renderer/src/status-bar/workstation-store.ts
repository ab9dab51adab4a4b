import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, AppInfo, DeskBusy, AppStatus, Kpis, Presence, PresenceState, Session, SyncStatus } from '../../../src/contract';

export interface WorkstationState {
  connected: boolean;
  /** Another window of this workstation took over the desk; this one has stopped for good. */
  takenOver: boolean;
  /** This window was refused the desk: another window has it and is on a call or in its wrap-up (issue 16 A5). */
  refused: DeskBusy | null;
  session: Session | null;
  info: AppInfo | null;
  presence: Presence | null;
  sync: SyncStatus | null;
  environment: AppStatus | null;
  /** The agent's own figures for today, refreshed as calls and wrap-ups happen. */
  kpis: Kpis | null;
  /** The last API error, shown in the status bar until the next success. */
  lastError: AgentErrorShape | null;
}

/** Mirrors the core's state for the shell (top bar and status bar): loaded once, then kept current by events. */
export function createWorkstationStore(agent: AgentApi) {
  const store = createStore<WorkstationState>()(() => ({
    connected: false,
    takenOver: false,
    refused: null,
    session: null,
    info: null,
    presence: null,
    sync: null,
    environment: null,
    kpis: null,
    lastError: null,
  }));

  const loadKpis = async () => {
    const r = await agent.kpis.summary({});
    if (r.ok) store.setState({ kpis: r.value });
  };

  const actions = {
    async setPresence(state: PresenceState, reason?: string) {
      const r = await agent.presence.set(reason ? { state, reason } : { state });
      if (r.ok) store.setState({ presence: r.value, lastError: null });
      else store.setState({ lastError: r.error });
    },
    syncNow() {
      void agent.sync.now({});
    },
    async load() {
      const asked = { ...heard };
      const [session, info, presence, sync, environment] = await Promise.all([
        agent.session.get({}),
        agent.app.info({}),
        agent.presence.get({}),
        agent.sync.status({}),
        agent.app.status({}),
      ]);
      // An event that came while these answers were on their way is newer than the answer: after a
      // host restart the page's battery report landed between them and the desk read "Power
      // unknown" until the next battery event (found by a new-user trial).
      const fresh = <K extends keyof typeof heard>(key: K) => heard[key] === asked[key];
      store.setState({
        connected: true,
        info: info.ok ? info.value : null,
        ...(fresh('session') ? { session: session.ok ? session.value : null } : {}),
        ...(fresh('presence') ? { presence: presence.ok ? presence.value : null } : {}),
        ...(fresh('sync') ? { sync: sync.ok ? sync.value : null } : {}),
        ...(fresh('environment') ? { environment: environment.ok ? environment.value : null } : {}),
      });
      await loadKpis();
    },
  };

  /** How many events of each kind have arrived: load() keeps an event's value over an older answer. */
  const heard = { session: 0, presence: 0, sync: 0, environment: 0 };
  /** A listener keeping `key` current from its event, counting each arrival for load(). */
  const follow =
    <K extends keyof typeof heard>(key: K) =>
    (value: WorkstationState[K]) => {
      heard[key]++;
      // A computed key widens to string in TypeScript; `key` and `value` are of one field.
      store.setState({ [key]: value } as unknown as Pick<WorkstationState, K>);
    };
  agent.on('presence.changed', follow('presence'));
  agent.on('sync.status', follow('sync'));
  agent.on('app.status', follow('environment'));
  agent.on('session.changed', follow('session'));
  agent.on('calls.updated', () => void loadKpis());
  agent.on('wrapup.closed', () => void loadKpis());
  return { store, actions };
}
