import type { GlobalShortcutAction, KeyChord, ShortcutAction, ShortcutProblem, ShortcutSlot } from '../../../src/contract';
import { keyOfCode } from './shortcut-match';

/**
 * Every word the keyboard shortcuts show the agent — and the one-desk refusal (issue 16 A5), the
 * other new words of the same change — in one module so they are translated in one place
 * (issue 16 B: the desk's strings move to i18next; these keys belong to that catalogue).
 */

/** What each action does, as the list and the settings name it. */
export const ACTION_LABEL: Record<ShortcutAction, string> = {
  answer: 'Answer',
  decline: 'Decline',
  hangup: 'Hang up',
  hold: 'Hold / resume',
  mute: 'Mute / unmute',
  transfer: 'Transfer',
  dialpad: 'Dial pad',
  notes: 'Call notes',
  submitWrapup: 'Submit wrap-up',
  available: 'Available',
  notReady: 'Not Ready (Break)',
  help: 'Show keyboard shortcuts',
};

export const GLOBAL_ACTION_LABEL: Record<GlobalShortcutAction, string> = {
  answer: 'Answer, from any application',
  hangup: 'Hang up, from any application',
  mute: 'Mute / unmute, from any application',
};

const slotLabel = (s: ShortcutSlot): string => (s.scope === 'global' ? GLOBAL_ACTION_LABEL[s.action] : ACTION_LABEL[s.action]);

/** A chord as the agent reads it: "Alt+A", "Ctrl+Alt+M", "?" for Shift+/. */
export function chordText(c: KeyChord): string {
  if (c.code === 'Slash' && c.shift && !c.ctrl && !c.alt && !c.meta) return '?';
  const mods = [c.ctrl && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Win'].filter((m): m is string => typeof m === 'string');
  return [...mods, keyOfCode(c.code)].join('+');
}

/** A control's tooltip: its name and its keys. */
export const withShortcut = (name: string, c: KeyChord | null): string => (c ? `${name} (${chordText(c)})` : name);

/** The presence picker's tooltip: the keys for Available and Not Ready. */
export const presenceHint = (available: KeyChord | null, notReady: KeyChord | null): string =>
  ['Presence', available && `Available: ${chordText(available)}`, notReady && `Not Ready: ${chordText(notReady)}`].filter(Boolean).join(' · ');

/** Why a changed map is refused, in the agent's words. */
export function problemText(p: ShortcutProblem): string {
  switch (p.code) {
    case 'CONFLICT':
      return `${chordText(p.chord)} is already used for “${slotLabel(p.first)}”; it cannot also be “${slotLabel(p.second)}”.`;
    case 'NAVIGATION_KEY':
      return `${chordText(p.chord)} moves through the desk and cannot be a shortcut (“${slotLabel(p.slot)}”). Add Ctrl or Alt.`;
    case 'EDITING_KEY':
      return `${chordText(p.chord)} is needed for copying, pasting and undoing text (“${slotLabel(p.slot)}”).`;
    case 'GLOBAL_NEEDS_MODIFIER':
      return `“${slotLabel(p.slot)}” works in every application, so it needs Ctrl, Alt or the Windows key; ${chordText(p.chord)} alone would stop that key typing anywhere.`;
  }
}

export const SHORTCUT_TEXT = {
  overlayTitle: 'Keyboard shortcuts',
  overlayIntro: 'Shortcuts with Ctrl or Alt work everywhere on the desk, also while you type notes; keys without them work outside text boxes.',
  globalTitle: 'From any application (desktop app)',
  close: 'Close',
  change: 'Change',
  changeLabel: (action: string) => `Change the shortcut for ${action}`,
  clear: 'Remove',
  clearLabel: (action: string) => `Remove the shortcut for ${action}`,
  pressKeys: 'Press the new keys… (Esc cancels)',
  none: 'none',
  reset: 'Back to the standard shortcuts',
  saved: 'Shortcuts saved.',
  notSaved: (why: string) => `Not saved: ${why}`,
  unusableKey: 'That key cannot be used for a shortcut.',
  openButton: 'Shortcuts',
} as const;

/** What a window refused the desk says (issue 16 A5): why, and that nothing of the call was touched. */
export const DESK_REFUSED_TEXT = {
  name: 'Desk in use',
  call: 'Your desk is open in another window, which is on a call. This window has not taken over, so the call goes on undisturbed there. Finish the call and its wrap-up in that window, then reload this one — or keep working in that one.',
  'wrap-up': 'Your desk is open in another window, which has a wrap-up open. This window has not taken over, so nothing of it is lost. Submit the wrap-up in that window, then reload this one — or keep working in that one.',
} as const;
