import { GlobalShortcutAction, keyOfCode, type KeyChord, type ShortcutMap } from '../src/contract';

/**
 * The agent's system-wide shortcuts as Electron accelerators (Electron docs, "Accelerator":
 * modifiers `Control`, `Alt`, `Shift`, `Super`, then one key code). Pure, so it is tested
 * without Electron; main/global-shortcuts.ts registers the result.
 */

/** Electron's names for the keys whose accelerator name differs from their key code. */
const ELECTRON_KEYS: Record<string, string> = { ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right' };

/** One chord as an accelerator: Alt+Ctrl+KeyA → "Control+Alt+A". Control, not CommandOrControl: the chord names the key the agent set. */
export function toAccelerator(c: KeyChord): string {
  const mods = [c.ctrl && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Super'].filter((m): m is string => typeof m === 'string');
  // F1–F12, Enter, Space, Tab, Escape, Backspace, Delete, Insert, Home, End, PageUp, PageDown: same name.
  return [...mods, ELECTRON_KEYS[c.code] ?? keyOfCode(c.code)].join('+');
}

/** The accelerators to register: one per system-wide action that has a chord, in the map's order. */
export function globalBindings(map: ShortcutMap): { action: GlobalShortcutAction; accelerator: string }[] {
  return GlobalShortcutAction.options.flatMap((action) => {
    const c = map.global[action];
    return c ? [{ action, accelerator: toAccelerator(c) }] : [];
  });
}
