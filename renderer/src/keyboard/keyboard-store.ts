import { createStore } from 'zustand/vanilla';
import { DEFAULT_SHORTCUTS, shortcutProblems, type AgentApi, type AgentErrorShape, type ShortcutMap, type ShortcutProblem } from '../../../src/contract';

export interface KeyboardState {
  /** The agent's map (the defaults until the core answers). */
  readonly map: ShortcutMap;
  /** The `?` overlay is open. */
  readonly overlayOpen: boolean;
  /** The settings form waits for the agent's new keys: no shortcut fires meanwhile. */
  readonly capturing: boolean;
}

export type SaveShortcutsResult = { ok: true } | { ok: false; problems: readonly ShortcutProblem[] } | { ok: false; error: AgentErrorShape };

/** The shortcut map, loaded from the core and followed ('keyboard.shortcuts', also from another window). */
export function createKeyboardStore(agent: AgentApi) {
  const store = createStore<KeyboardState>()(() => ({ map: DEFAULT_SHORTCUTS, overlayOpen: false, capturing: false }));
  void agent.keyboard.shortcuts({}).then((r) => {
    if (r.ok) store.setState({ map: r.value });
  });
  agent.on('keyboard.shortcuts', (map) => store.setState({ map }));
  const actions = {
    /** Checked here with the core's own rule first, so a conflict is worded before anything is sent. */
    async save(map: ShortcutMap): Promise<SaveShortcutsResult> {
      const problems = shortcutProblems(map);
      if (problems.length > 0) return { ok: false, problems };
      const r = await agent.keyboard.setShortcuts({ map });
      if (!r.ok) return { ok: false, error: r.error };
      store.setState({ map: r.value });
      return { ok: true };
    },
    setOverlay(open: boolean) {
      store.setState({ overlayOpen: open, capturing: false });
    },
    setCapturing(capturing: boolean) {
      store.setState({ capturing });
    },
  };
  return { store, actions };
}
export type KeyboardStore = ReturnType<typeof createKeyboardStore>;
