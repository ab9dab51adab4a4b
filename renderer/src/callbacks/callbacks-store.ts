import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, Result, UpcomingCallback } from '../../../src/contract';
import { t } from '../i18n/i18n';

export interface CallbacksState {
  /** The agent's open callbacks, soonest first. */
  readonly list: readonly UpcomingCallback[];
  /** Callbacks come due and not yet dismissed, in the order they came due. */
  readonly reminders: readonly UpcomingCallback[];
  readonly error: AgentErrorShape | null;
}

export const isDue = (cb: UpcomingCallback, now = Date.now()) => new Date(cb.dueAt).getTime() <= now;

/** A desktop notification where the OS allows it (Electron grants it; a browser may ask once). */
function notifyDesktop(cb: UpcomingCallback): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const body = [cb.number, cb.note].filter(Boolean).join(' — ');
  // One per callback: a repeat (a restart) replaces it instead of stacking.
  new Notification(t('callbacks.dueLabel', { name: cb.contactName }), { body, tag: `callback-${cb.id}` });
}

/**
 * The upcoming-callbacks panel's state: the list from the local store, reloaded when a pull or a
 * wrap-up changes it, and a reminder for each callback the core says is due. Loads at once.
 */
export function createCallbacksStore(agent: AgentApi) {
  const store = createStore<CallbacksState>()(() => ({ list: [], reminders: [], error: null }));

  const remind = (cb: UpcomingCallback) =>
    store.setState((s) => (s.reminders.some((r) => r.id === cb.id) ? s : { reminders: [...s.reminders, cb] }));

  const load = async () => {
    const r = await agent.callbacks.upcoming({ limit: 20 });
    if (!r.ok) {
      store.setState({ error: r.error });
      return;
    }
    // Reminders only for callbacks still open; the core may have reminded before this window connected.
    store.setState((s) => ({ error: null, list: r.value, reminders: s.reminders.filter((x) => r.value.some((c) => c.id === x.id)) }));
    for (const cb of r.value) if (isDue(cb)) remind(cb);
  };

  const act = async (result: Promise<Result<unknown>>) => {
    const r = await result;
    if (!r.ok) store.setState({ error: r.error });
    await load();
  };

  const actions = {
    dismiss: (id: string) => store.setState((s) => ({ reminders: s.reminders.filter((r) => r.id !== id) })),
    markDone: (cb: UpcomingCallback) => void act(agent.callbacks.markDone({ callbackId: cb.id })),
    cancel: (cb: UpcomingCallback) => void act(agent.callbacks.cancel({ callbackId: cb.id })),
  };

  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  agent.on('callbacks.changed', () => void load());
  agent.on('callbacks.due', (cb) => {
    remind(cb);
    notifyDesktop(cb);
  });
  void load();
  return { store, actions };
}
