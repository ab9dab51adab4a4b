import { createStore } from 'zustand/vanilla';
import type { AgentApi, OpenWork } from '../../../src/contract';

export interface OpenWorkState {
  /** The call whose wrap-up is open, with what was saved for it (draft note, wrap-up, script run); null when none. */
  readonly work: OpenWork | null;
}

/**
 * The open call's work, shared by the script, the notes and the wrap-up: loaded from the local
 * store at start (so a crash or power cut restores it) and reloaded whenever a call changes or
 * a wrap-up ends (also by the core's timer, with nobody clicking).
 */
export function createOpenWorkStore(agent: AgentApi) {
  const store = createStore<OpenWorkState>()(() => ({ work: null }));
  const refresh = async () => {
    const r = await agent.wrapup.current({});
    if (r.ok) store.setState({ work: r.value });
  };
  agent.on('calls.updated', () => void refresh());
  agent.on('wrapup.closed', () => void refresh());
  void refresh();
  return { store, actions: { refresh } };
}
export type OpenWorkStore = ReturnType<typeof createOpenWorkStore>;
