/**
 * The call script's store (renderer/src/script-and-notes/script-store.ts): it follows the open
 * call, reloads when a pull installs or refuses a version, and never shows a late answer about
 * a call that is no longer open. The core is a fake transport whose answers the test releases
 * by hand, because that order (call A's script answering after call B opened) is what a real
 * core can't produce on demand.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createAgentApi, type CallScriptView, type OpenWork, type Result } from '../../src/contract';
import { createScriptStore, type ScriptState } from '../../renderer/src/script-and-notes/script-store';
import type { OpenWorkState } from '../../renderer/src/wrap-up/open-work-store';

const CALL_A = '0b6f7a9e-3c1d-4c8e-9a51-5d2f1e7b8c40';
const CALL_B = '6f1c2a4e-1b2c-4d5e-8f90-123456789abc';

const view = (callId: string, problems: CallScriptView['problems'] = []) => ({ callId, scriptId: null, script: null, run: null, problems }) as unknown as CallScriptView;

/** A core whose `scripts.forCall` answers wait until the test releases them, oldest first or not. */
function fakeCore() {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const pending: Array<{ callId: string; answer: (r: Result<unknown>) => void }> = [];
  const agent = createAgentApi({
    request: (method, input) =>
      method === 'scripts.forCall'
        ? new Promise((answer) => pending.push({ callId: (input as { callId: string }).callId, answer }))
        : Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `no fake for ${method}` } }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  const release = async (callId: string, value: CallScriptView) => {
    const i = pending.findIndex((p) => p.callId === callId);
    pending.splice(i, 1)[0]!.answer({ ok: true, value });
    await Promise.resolve();
    await Promise.resolve();
  };
  return { agent, pending, release, emit: (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload)) };
}

const openWorkStore = (callId: string | null) => {
  const store = createStore<OpenWorkState>()(() => ({ work: callId ? ({ call: { id: callId } } as unknown as OpenWork) : null }));
  return { store, actions: { refresh: async () => undefined } };
};
const loadOf = (s: { getState(): ScriptState }) => s.getState().load;

describe('call script store', () => {
  it('shows nothing without an open call, and the open call’s script once it answers', async () => {
    const core = fakeCore();
    const openWork = openWorkStore(null);
    const { store } = createScriptStore(core.agent, openWork);
    expect(loadOf(store)).toEqual({ kind: 'none' });
    openWork.store.setState({ work: { call: { id: CALL_A } } as unknown as OpenWork });
    expect(loadOf(store)).toEqual({ kind: 'loading', callId: CALL_A });
    await core.release(CALL_A, view(CALL_A));
    expect(loadOf(store)).toMatchObject({ kind: 'loaded', view: { callId: CALL_A } });
  });

  it('drops a late answer about a call that is no longer open', async () => {
    const core = fakeCore();
    const openWork = openWorkStore(CALL_A);
    const { store } = createScriptStore(core.agent, openWork);
    openWork.store.setState({ work: { call: { id: CALL_B } } as unknown as OpenWork });
    await core.release(CALL_B, view(CALL_B));
    await core.release(CALL_A, view(CALL_A));
    expect(loadOf(store)).toMatchObject({ kind: 'loaded', view: { callId: CALL_B } });
  });

  it('reloads when a pull installs or refuses a script version', async () => {
    const core = fakeCore();
    const { store } = createScriptStore(core.agent, openWorkStore(CALL_A));
    await core.release(CALL_A, view(CALL_A));
    core.emit('scripts.changed', {});
    expect(core.pending.map((p) => p.callId)).toEqual([CALL_A]);
    const problem = { scriptId: 'broadband-retention', version: 4, inUseVersion: 3, summary: 'version 4 was refused', refusedAt: '2026-11-30T12:00:00.000Z' };
    await core.release(CALL_A, view(CALL_A, [problem] as unknown as CallScriptView['problems']));
    expect(loadOf(store)).toMatchObject({ kind: 'loaded', view: { problems: [{ version: 4 }] } });
  });
});
