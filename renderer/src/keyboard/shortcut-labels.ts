import { keyOfCode, type GlobalShortcutAction, type KeyChord, type ShortcutAction, type ShortcutProblem, type ShortcutSlot } from '../../../src/contract';
import { t } from '../i18n/i18n';

/**
 * Every word the keyboard shortcuts show the agent, in the agent's language: the catalogs'
 * `shortcuts` keys (renderer/src/i18n/en.ts, ur.ts). Read at call time, so a change of language
 * shows at the next render. Key names (Ctrl, Alt, A) stay as printed on the keyboard.
 */

/** What each action does, as the list and the settings name it. */
export const actionLabel = (a: ShortcutAction): string => t(`shortcuts.action.${a}`);

/** What each desktop-wide action does. */
export const globalActionLabel = (a: GlobalShortcutAction): string => t(`shortcuts.global.${a}`);

const slotLabel = (s: ShortcutSlot): string => (s.scope === 'global' ? globalActionLabel(s.action) : actionLabel(s.action));

/** A chord as the agent reads it: "Alt+A", "Ctrl+Alt+M", "?" for Shift+/. */
export function chordText(c: KeyChord): string {
  if (c.code === 'Slash' && c.shift && !c.ctrl && !c.alt && !c.meta) return '?';
  const mods = [c.ctrl && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Win'].filter((m): m is string => typeof m === 'string');
  return [...mods, keyOfCode(c.code)].join('+');
}

/** A control's tooltip: its name and its keys. */
export const withShortcut = (name: string, c: KeyChord | null): string => (c ? t('shortcuts.withKeys', { name, keys: chordText(c) }) : name);

/** The presence picker's tooltip: the keys for Available and Not Ready. */
export const presenceHint = (available: KeyChord | null, notReady: KeyChord | null): string =>
  [
    t('presence.label'),
    available && t('shortcuts.presenceAvailable', { keys: chordText(available) }),
    notReady && t('shortcuts.presenceNotReady', { keys: chordText(notReady) }),
  ]
    .filter(Boolean)
    .join(' · ');

/** Why a changed map is refused, in the agent's words. */
export function problemText(p: ShortcutProblem): string {
  switch (p.code) {
    case 'CONFLICT':
      return t('shortcuts.problem.conflict', { keys: chordText(p.chord), first: slotLabel(p.first), second: slotLabel(p.second) });
    case 'NAVIGATION_KEY':
      return t('shortcuts.problem.navigation', { keys: chordText(p.chord), action: slotLabel(p.slot) });
    case 'EDITING_KEY':
      return t('shortcuts.problem.editing', { keys: chordText(p.chord), action: slotLabel(p.slot) });
    case 'GLOBAL_NEEDS_MODIFIER':
      return t('shortcuts.problem.globalModifier', { keys: chordText(p.chord), action: slotLabel(p.slot) });
  }
}
