/** Issue 16 C: the shortcut map as data, the one rule that refuses a map, the key-press match and the call it acts on. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS, ShortcutMap, shortcutProblems, type KeyChord } from '../../src/contract';
import { globalBindings, toAccelerator } from '../../main/accelerators';
import { callCommand, currentCall } from '../../renderer/src/keyboard/call-target';
import { i18n } from '../../renderer/src/i18n/i18n';
import { ur } from '../../renderer/src/i18n/ur';
import { chordText, problemText } from '../../renderer/src/keyboard/shortcut-labels';
import { ariaKeyShortcut, chordOfPress, focusPlace, matchShortcut, type KeyPress } from '../../renderer/src/keyboard/shortcut-match';
import type { CallView } from '../../renderer/src/phone/phone-store';

const press = (code: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  repeat: false,
  isComposing: false,
  ...mods,
});
const chord = (code: string, mods: Partial<Omit<KeyChord, 'code'>> = {}): KeyChord => ({ code, ctrl: false, alt: false, shift: false, meta: false, ...mods });
const keys = DEFAULT_SHORTCUTS.keys;

describe('matchShortcut', () => {
  it('finds each default action by its physical key, in a text field too when it has Alt', () => {
    expect(matchShortcut(keys, press('KeyA', { altKey: true }), 'other')).toBe('answer');
    expect(matchShortcut(keys, press('KeyE', { altKey: true }), 'text')).toBe('hangup');
    expect(matchShortcut(keys, press('KeyH', { altKey: true }), 'text')).toBe('hold');
    expect(matchShortcut(keys, press('KeyS', { altKey: true }), 'text')).toBe('submitWrapup');
  });

  it('needs the exact modifiers: Ctrl+Alt+A or plain A is not Alt+A', () => {
    expect(matchShortcut(keys, press('KeyA', { altKey: true, ctrlKey: true }), 'other')).toBeNull();
    expect(matchShortcut(keys, press('KeyA'), 'other')).toBeNull();
  });

  it('never fires a chord without Ctrl/Alt/Meta inside a text field: ? typed into the notes stays text', () => {
    expect(matchShortcut(keys, press('Slash', { shiftKey: true }), 'other')).toBe('help');
    expect(matchShortcut(keys, press('Slash', { shiftKey: true }), 'text')).toBeNull();
    const bare = { ...keys, mute: chord('KeyM') };
    expect(matchShortcut(bare, press('KeyM'), 'other')).toBe('mute');
    expect(matchShortcut(bare, press('KeyM'), 'text')).toBeNull();
  });

  it('ignores a held key (auto-repeat) and keys an input method is composing', () => {
    expect(matchShortcut(keys, press('KeyH', { altKey: true, repeat: true }), 'other')).toBeNull();
    expect(matchShortcut(keys, press('KeyH', { altKey: true, isComposing: true }), 'other')).toBeNull();
  });

  it('an action set to none never fires', () => {
    expect(matchShortcut({ ...keys, answer: null }, press('KeyA', { altKey: true }), 'other')).toBeNull();
  });
});

describe('focusPlace', () => {
  it('text boxes, text areas, selects and editable regions take typed text; buttons and checkboxes do not', () => {
    expect(focusPlace({ tagName: 'TEXTAREA' })).toBe('text');
    expect(focusPlace({ tagName: 'INPUT', type: 'tel' })).toBe('text');
    expect(focusPlace({ tagName: 'INPUT', type: 'date' })).toBe('text');
    expect(focusPlace({ tagName: 'SELECT' })).toBe('text');
    expect(focusPlace({ tagName: 'DIV', isContentEditable: true })).toBe('text');
    expect(focusPlace({ tagName: 'INPUT', type: 'checkbox' })).toBe('other');
    expect(focusPlace({ tagName: 'BUTTON' })).toBe('other');
    expect(focusPlace(null)).toBe('other');
  });
});

describe('shortcutProblems (the one rule the core and the settings form apply)', () => {
  it('the defaults have none', () => {
    expect(shortcutProblems(DEFAULT_SHORTCUTS)).toEqual([]);
  });

  it('refuses two actions on one chord, naming both', () => {
    const map = { ...DEFAULT_SHORTCUTS, keys: { ...keys, mute: chord('KeyH', { alt: true }) } };
    const problems = shortcutProblems(map);
    expect(problems).toEqual([{ code: 'CONFLICT', chord: chord('KeyH', { alt: true }), first: { scope: 'desk', action: 'hold' }, second: { scope: 'desk', action: 'mute' } }]);
    expect(problemText(problems[0]!)).toBe('Alt+H is already used for “Hold / resume”; it cannot also be “Mute / unmute”.');
    expect(ShortcutMap.safeParse(map).success).toBe(false);
  });

  it('a system-wide chord may repeat its own action, but not another', () => {
    const same = { ...DEFAULT_SHORTCUTS, global: { ...DEFAULT_SHORTCUTS.global, answer: keys.answer } };
    expect(shortcutProblems(same)).toEqual([]);
    const other = { ...DEFAULT_SHORTCUTS, global: { ...DEFAULT_SHORTCUTS.global, mute: keys.answer } };
    expect(shortcutProblems(other).map((p) => p.code)).toEqual(['CONFLICT']);
  });

  it('refuses navigation keys alone, the editing keys, and a system-wide chord without Ctrl/Alt/Win', () => {
    const map: ShortcutMap = {
      keys: { ...keys, answer: chord('Enter'), notes: chord('KeyV', { ctrl: true }) },
      global: { ...DEFAULT_SHORTCUTS.global, mute: chord('F9', { shift: true }) },
    };
    expect(shortcutProblems(map).map((p) => p.code)).toEqual(['NAVIGATION_KEY', 'EDITING_KEY', 'GLOBAL_NEEDS_MODIFIER']);
    // Enter with a modifier is fine; so is a bare F-key in the desk.
    const ok = { ...DEFAULT_SHORTCUTS, keys: { ...keys, answer: chord('Enter', { ctrl: true }), mute: chord('F9') } };
    expect(shortcutProblems(ok)).toEqual([]);
  });

  it('the schema refuses what is not a key chord', () => {
    expect(ShortcutMap.safeParse({ ...DEFAULT_SHORTCUTS, keys: { ...keys, answer: { code: 'ا' } } }).success).toBe(false);
    expect(ShortcutMap.safeParse({ ...DEFAULT_SHORTCUTS, keys: { ...keys, extra: null } }).success).toBe(false);
  });
});

describe('how a chord is written', () => {
  it('for people, for screen readers (aria-keyshortcuts) and for Electron (accelerators)', () => {
    expect(chordText(keys.answer!)).toBe('Alt+A');
    expect(chordText(keys.help!)).toBe('?');
    expect(chordText(chord('Digit1', { ctrl: true, shift: true }))).toBe('Ctrl+Shift+1');
    expect(ariaKeyShortcut(keys.answer!)).toBe('Alt+A');
    expect(ariaKeyShortcut(DEFAULT_SHORTCUTS.global.mute!)).toBe('Control+Alt+M');
    expect(toAccelerator(DEFAULT_SHORTCUTS.global.answer!)).toBe('Control+Alt+A');
    expect(toAccelerator(chord('ArrowUp', { meta: true, shift: true }))).toBe('Shift+Super+Up');
    expect(toAccelerator(chord('F12', { alt: true }))).toBe('Alt+F12');
    expect(toAccelerator(chord('Slash', { ctrl: true }))).toBe('Control+/');
  });

  it('the system-wide bindings: answer, hang up and mute, and none for an action set to none', () => {
    expect(globalBindings(DEFAULT_SHORTCUTS)).toEqual([
      { action: 'answer', accelerator: 'Control+Alt+A' },
      { action: 'hangup', accelerator: 'Control+Alt+E' },
      { action: 'mute', accelerator: 'Control+Alt+M' },
    ]);
    expect(globalBindings({ ...DEFAULT_SHORTCUTS, global: { ...DEFAULT_SHORTCUTS.global, hangup: null } }).map((b) => b.action)).toEqual(['answer', 'mute']);
  });

  it('a key press becomes a chord; a lone modifier does not', () => {
    expect(chordOfPress(press('KeyQ', { altKey: true }))).toEqual(chord('KeyQ', { alt: true }));
    expect(chordOfPress(press('AltLeft', { altKey: true }))).toBeNull();
  });
});

const view = (id: string, over: Partial<CallView>): CallView =>
  ({ id, phase: 'active', held: false, muted: false, remoteHeld: false, startedAt: 0, answeredAt: 0, endedAt: null, ...over }) as CallView;

describe('callCommand: which call a shortcut acts on', () => {
  it('Answer and Decline take the call ringing longest; nothing rings, nothing happens', () => {
    const calls = [view('a', { phase: 'incoming' }), view('b', { phase: 'incoming' })];
    expect(callCommand('answer', calls)).toEqual({ op: 'answer', callId: 'a' });
    expect(callCommand('decline', calls)).toEqual({ op: 'decline', callId: 'a' });
    expect(callCommand('answer', [view('c', {})])).toBeNull();
  });

  it('Hold toggles, Mute toggles, on the call being talked on (the consultation, not the held first call)', () => {
    const calls = [view('first', { held: true }), view('consult', {})];
    expect(currentCall(calls)?.id).toBe('consult');
    expect(callCommand('hold', calls)).toEqual({ op: 'hold', callId: 'consult' });
    expect(callCommand('hold', [view('x', { held: true })])).toEqual({ op: 'resume', callId: 'x' });
    expect(callCommand('mute', [view('x', { muted: true })])).toEqual({ op: 'mute', callId: 'x', muted: false });
  });

  it('Hang up ends a call still being dialed; Hold does nothing to it; a ringing call is never hung up by Hang up', () => {
    expect(callCommand('hangup', [view('d', { phase: 'dialing', answeredAt: null })])).toEqual({ op: 'hangup', callId: 'd' });
    expect(callCommand('hold', [view('d', { phase: 'dialing', answeredAt: null })])).toBeNull();
    expect(callCommand('hangup', [view('r', { phase: 'incoming' })])).toBeNull();
    expect(callCommand('hangup', [view('e', { phase: 'ended' })])).toBeNull();
  });
});

describe('the shortcuts in Urdu', () => {
  it('name the actions and say why a change is refused in the agent’s language, keys as printed', async () => {
    const map = { ...DEFAULT_SHORTCUTS, keys: { ...DEFAULT_SHORTCUTS.keys, mute: DEFAULT_SHORTCUTS.keys.hold } };
    const [problem] = shortcutProblems(map);
    await i18n.changeLanguage('ur');
    try {
      const text = problemText(problem!);
      expect(text).toMatch(/[\u0600-\u06FF]/);
      expect(text).toContain('Alt+H');
      expect(text).toContain(ur.shortcuts.action.hold);
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
