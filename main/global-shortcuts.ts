import { globalShortcut } from 'electron';
import { ShortcutMap } from '../src/contract';
import type { Core } from '../src/core/core';
import type { Logger } from '../src/core/log';
import { globalBindings } from './accelerators';

/**
 * Answer, hang up and mute from any application (issue 16 C): the agent's system-wide chords,
 * registered at start and again whenever the agent changes them ('keyboard.shortcuts'). A press
 * goes through the core ('keyboard.press' → 'keyboard.pressed') to the desk, which does what its
 * own keys do; a sign-in loads the new agent's chords. A chord another application already holds cannot be registered: logged by name.
 */
export async function startGlobalShortcuts(core: Core, log: Logger): Promise<() => void> {
  let registered: string[] = [];
  const apply = (map: ShortcutMap) => {
    for (const a of registered) globalShortcut.unregister(a);
    registered = [];
    for (const { action, accelerator } of globalBindings(map)) {
      const ok = globalShortcut.register(accelerator, () => void core.dispatch('keyboard.press', { action }, { transport: 'in-process' }));
      if (ok) registered.push(accelerator);
      else log.warn('keyboard: a system-wide shortcut is taken by another application', { action, accelerator });
    }
  };
  const load = async () => {
    const current = await core.dispatch('keyboard.shortcuts', {}, { transport: 'in-process' });
    if (current.ok) apply(ShortcutMap.parse(current.value));
  };
  await load();
  const stop = core.subscribe((name, payload) => {
    if (name === 'keyboard.shortcuts') apply(ShortcutMap.parse(payload));
    // Another agent signed in: their store, their shortcuts.
    if (name === 'session.changed') void load();
  });
  return () => {
    stop();
    for (const a of registered) globalShortcut.unregister(a);
    registered = [];
  };
}
