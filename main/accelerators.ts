import { GlobalShortcutAction, type KeyChord, type ShortcutMap } from '../src/contract';

/**
 * The agent's system-wide shortcuts as Electron accelerators (Electron docs, "Accelerator":
 * modifiers `Control`, `Alt`, `Shift`, `Super`, then one key code). Pure, so it is tested
 * without Electron; main/global-shortcuts.ts registers the result.
 */

const KEYS: Record<string, string> = {
  Slash: '/',
  Backslash: '\\',
  Period: '.',
  Comma: ',',
  Semicolon: ';',
  Quote: "'",
  BracketLeft: '[',
  BracketRight: ']',
  Minus: '-',
  Equal: '=',
  Backquote: '`',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Escape',
};

/** One chord as an accelerator: Alt+Ctrl+KeyA → "Control+Alt+A". Control, not CommandOrControl: the chord names the key the agent set. */
export function toAccelerator(c: KeyChord): string {
  const mods = [c.ctrl && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Super'].filter((m): m is string => typeof m === 'string');
  let key: string;
  if (/^Key[A-Z]$/.test(c.code)) key = c.code.slice(3);
  else if (/^Digit[0-9]$/.test(c.code)) key = c.code.slice(5);
  else key = KEYS[c.code] ?? c.code; // F1–F12, Enter, Space, Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown: same name
  return [...mods, key].join('+');
}

/** The accelerators to register: one per system-wide action that has a chord, in the map's order. */
export function globalBindings(map: ShortcutMap): { action: GlobalShortcutAction; accelerator: string }[] {
  return GlobalShortcutAction.options.flatMap((action) => {
    const c = map.global[action];
    return c ? [{ action, accelerator: toAccelerator(c) }] : [];
  });
}
