import type { StoreApi } from 'zustand/vanilla';
import { createAgentApi, type Result } from '../../src/contract';

/**
 * A stand-in for the core behind a renderer store (named so: a scripted core, not a real one),
 * for the orders of answers and events a real core gives only by chance. `answers` maps a
 * method to its answer, asked afresh per call as over a real transport; any other method
 * answers INTERNAL. `emit` sends an agent event to every subscriber.
 */
export function scriptedCore(answers: Record<string, (input: unknown) => Result<unknown>>) {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const agent = createAgentApi({
    request: (method, input) => Promise.resolve(answers[method]?.(input) ?? { ok: false, error: { code: 'INTERNAL', message: `no scripted answer for ${method}` } }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { agent, emit: (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload)) };
}

/** Resolves with `select(state)` once `ok` holds of it: at once if it does now, else at the store change that makes it. */
export function stateWhen<S, T>(store: StoreApi<S>, select: (s: S) => T, ok: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (ok(select(store.getState()))) return resolve(select(store.getState()));
    const off = store.subscribe((s) => {
      if (!ok(select(s))) return;
      off();
      resolve(select(s));
    });
  });
}
