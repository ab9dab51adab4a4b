import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, CallScriptView } from '../../../src/contract';
import type { OpenWorkStore } from '../wrap-up/open-work-store';

/** The open call's script as the core gives it: loading, loaded (with any refused version), or why it failed. */
export type ScriptLoad =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading'; readonly callId: string }
  | { readonly kind: 'loaded'; readonly view: CallScriptView }
  | { readonly kind: 'failed'; readonly callId: string; readonly error: AgentErrorShape };

export interface ScriptState {
  readonly load: ScriptLoad;
}

/**
 * The call script of the open call: loaded when the open call changes, and again when a pull
 * installs or refuses a script version (`scripts.changed`). An answer for a call that is no
 * longer open is dropped, so a slow answer never shows another call's script.
 */
export function createScriptStore(agent: AgentApi, openWork: OpenWorkStore) {
  const store = createStore<ScriptState>()(() => ({ load: { kind: 'none' } }));
  const openCallId = () => openWork.store.getState().work?.call.id ?? null;

  const refresh = async () => {
    const callId = openCallId();
    if (!callId) return store.setState({ load: { kind: 'none' } });
    const current = store.getState().load;
    if (current.kind === 'none' || (current.kind !== 'loaded' && current.callId !== callId) || (current.kind === 'loaded' && current.view.callId !== callId)) {
      store.setState({ load: { kind: 'loading', callId } });
    }
    const r = await agent.scripts.forCall({ callId });
    if (openCallId() !== callId) return;
    store.setState({ load: r.ok ? { kind: 'loaded', view: r.value } : { kind: 'failed', callId, error: r.error } });
  };

  let lastCallId = openCallId();
  openWork.store.subscribe((s) => {
    const callId = s.work?.call.id ?? null;
    if (callId === lastCallId) return;
    lastCallId = callId;
    void refresh();
  });
  agent.on('scripts.changed', () => void refresh());
  void refresh();
  return { store, actions: { refresh } };
}
export type ScriptStore = ReturnType<typeof createScriptStore>;
