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
      const [session, info, presence, sync, environment] = await Promise.all([
        agent.session.get({}),
        agent.app.info({}),
        agent.presence.get({}),
        agent.sync.status({}),
        agent.app.status({}),
      ]);
      store.setState({
        connected: true,
        session: session.ok ? session.value : null,
        info: info.ok ? info.value : null,
        presence: presence.ok ? presence.value : null,
        sync: sync.ok ? sync.value : null,
        environment: environment.ok ? environment.value : null,
      });
      await loadKpis();
    },
  };

  agent.on('presence.changed', (presence) => store.setState({ presence }));
  agent.on('sync.status', (sync) => store.setState({ sync }));
  agent.on('app.status', (environment) => store.setState({ environment }));
  agent.on('session.changed', (session) => store.setState({ session }));
  agent.on('calls.updated', () => void loadKpis());
  agent.on('wrapup.closed', () => void loadKpis());
  return { store, actions };
}
