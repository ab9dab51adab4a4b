import { create } from 'zustand';
import type { AgentApi, AgentErrorShape, AppInfo, AppStatus, Presence, PresenceState, Session, SyncStatus } from '../../../src/contract';

export interface WorkstationState {
  connected: boolean;
  session: Session | null;
  info: AppInfo | null;
  presence: Presence | null;
  sync: SyncStatus | null;
  environment: AppStatus | null;
  /** The last API error, shown in the status bar until the next success. */
  lastError: AgentErrorShape | null;
  setPresence(state: PresenceState, reason?: string): Promise<void>;
}

/** Mirrors the core's state for the shell: loaded once, then kept current by events. */
export function createWorkstationStore(agent: AgentApi) {
  const store = create<WorkstationState>()((set) => ({
    connected: false,
    session: null,
    info: null,
    presence: null,
    sync: null,
    environment: null,
    lastError: null,
    async setPresence(state, reason) {
      const r = await agent.presence.set(reason ? { state, reason } : { state });
      if (r.ok) set({ presence: r.value, lastError: null });
      else set({ lastError: r.error });
    },
  }));

  agent.on('presence.changed', (presence) => store.setState({ presence }));
  agent.on('sync.status', (sync) => store.setState({ sync }));
  agent.on('app.status', (environment) => store.setState({ environment }));
  agent.on('session.changed', (session) => store.setState({ session }));

  const load = async () => {
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
  };
  return { store, load };
}
