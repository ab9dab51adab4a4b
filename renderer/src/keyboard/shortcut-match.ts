import { hasCommandModifier, keyOfCode, ShortcutAction, type KeyChord, type ShortcutMap } from '../../../src/contract';

/** The parts of a KeyboardEvent the match reads (a DOM KeyboardEvent is one). */
export interface KeyPress {
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
  /** Held down: a held Alt+H must not toggle hold on and off. */
  readonly repeat: boolean;
  /** An input method (IME) is composing: the keys belong to the text being composed. */
  readonly isComposing: boolean;
}

/** Where the keyboard focus is: in something that takes typed text, or anywhere else. */
export type FocusPlace = 'text' | 'other';

const pressMatches = (c: KeyChord, p: KeyPress): boolean =>
  c.code === p.code && c.ctrl === p.ctrlKey && c.alt === p.altKey && c.shift === p.shiftKey && c.meta === p.metaKey;

/**
 * The desk action a key press asks for, or null. A chord without Ctrl, Alt or Meta (a bare key,
 * or Shift+key: both type text) never fires while the focus is in a text field, so `?` typed into
 * the notes stays a question mark. Repeats and IME composition never fire.
 */
export function matchShortcut(keys: ShortcutMap['keys'], press: KeyPress, focus: FocusPlace): ShortcutAction | null {
  if (press.repeat || press.isComposing) return null;
  for (const action of ShortcutAction.options) {
    const c = keys[action];
    if (!c || !pressMatches(c, press)) continue;
    if (focus === 'text' && !hasCommandModifier(c)) return null;
    return action;
  }
  return null;
}

/** Input types that take typed text (HTML's text-like states); a checkbox or button does not. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

/** What an element is for the match: the tag, input type and contenteditable of the focused element. */
export interface FocusedElement {
  readonly tagName: string;
  readonly type?: string;
  readonly isContentEditable?: boolean;
}

/** Text boxes, text areas, editable regions, and selects (a letter picks an option there). */
export function focusPlace(el: FocusedElement | null): FocusPlace {
  if (!el) return 'other';
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return 'text';
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((el.type ?? 'text').toLowerCase()) ? 'text' : 'other';
  return 'other';
}

/**
 * A chord as ARIA's `aria-keyshortcuts` spells it (WAI-ARIA 1.2 §6.7: modifiers then the key,
 * joined by "+", key names from UI Events `key` values).
 */
export function ariaKeyShortcut(c: KeyChord): string {
  const mods = [c.ctrl && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Meta'].filter((m): m is string => typeof m === 'string');
  return [...mods, ariaKeyName(c.code)].join('+');
}

function ariaKeyName(code: string): string {
  if (code === 'Space') return 'Space';
  return keyOfCode(code);
}

/** The chord a key press makes, for the settings form's "press the new keys"; null for a lone modifier. */
export function chordOfPress(p: KeyPress): KeyChord | null {
  if (/^(Control|Alt|Shift|Meta|OS)(Left|Right)?$/.test(p.code) || p.code === '') return null;
  return { code: p.code, ctrl: p.ctrlKey, alt: p.altKey, shift: p.shiftKey, meta: p.metaKey };
}
