import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, CallScriptView, OpenWork } from '../../../src/contract';
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

const callIdOf = (work: OpenWork | null) => work?.call.id ?? null;

/**
 * The call script of the open call: loaded when the open call changes, and again when a pull
 * installs or refuses a script version (`scripts.changed`). An answer for a call that is no
 * longer open is dropped, so a slow answer never shows another call's script.
 */
export function createScriptStore(agent: AgentApi, openWork: OpenWorkStore) {
  const openCallId = () => callIdOf(openWork.store.getState().work);
  const store = createStore<ScriptState>()(() => ({ load: { kind: 'none' } }));

  const refresh = async () => {
    const callId = openCallId();
    if (!callId) return;
    const r = await agent.scripts.forCall({ callId });
    if (openCallId() !== callId) return;
    store.setState({ load: r.ok ? { kind: 'loaded', view: r.value } : { kind: 'failed', callId, error: r.error } });
  };
  const follow = (callId: string | null) => {
    store.setState({ load: callId ? { kind: 'loading', callId } : { kind: 'none' } });
    void refresh();
  };

  follow(openCallId());
  openWork.store.subscribe((s, before) => {
    const callId = callIdOf(s.work);
    if (callId !== callIdOf(before.work)) follow(callId);
  });
  agent.on('scripts.changed', () => void refresh());
  return { store, actions: { refresh } };
}
export type ScriptStore = ReturnType<typeof createScriptStore>;
