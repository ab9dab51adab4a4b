import type { ShortcutAction } from '../../../src/contract';
import { useKeyboard } from '../desk';
import { withShortcut } from './shortcut-labels';
import { ariaKeyShortcut } from './shortcut-match';
import { shortcutTarget } from './shortcut-actions';

/**
 * A control's shortcut, for its props: the tooltip names the keys, `aria-keyshortcuts` tells a
 * screen reader, and `data-shortcut` lets the shortcut find the control.
 */
export function useShortcut(action: ShortcutAction, name: string): { title: string; 'aria-keyshortcuts'?: string; 'data-shortcut': string } {
  const chord = useKeyboard((s) => s.map.keys[action]);
  return { title: withShortcut(name, chord), ...(chord ? { 'aria-keyshortcuts': ariaKeyShortcut(chord) } : {}), ...shortcutTarget(action) };
}
