import { z } from 'zod';
import { method } from './define';

/**
 * Keyboard-first desk (issue 16 C): the shortcut map as data, the agent's own version of it
 * persisted in the agent's store, and the one rule that says whether a map is usable
 * (`shortcutProblems`). The renderer matches key presses against it
 * (renderer/src/keyboard/shortcut-match.ts); Electron's main turns the global part into
 * accelerators (main/global-shortcuts.ts).
 */

/** What a shortcut does. `help` opens the list of shortcuts (the `?` overlay). */
export const ShortcutAction = z.enum([
  'answer',
  'decline',
  'hangup',
  'hold',
  'mute',
  'transfer',
  'dialpad',
  'notes',
  'submitWrapup',
  'available',
  'notReady',
  'help',
]);
export type ShortcutAction = z.infer<typeof ShortcutAction>;

/** The actions that are also system-wide shortcuts in Electron: the agent may be in the client's CRM window when a call rings. */
export const GlobalShortcutAction = z.enum(['answer', 'hangup', 'mute']);
export type GlobalShortcutAction = z.infer<typeof GlobalShortcutAction>;

/**
 * The physical keys a shortcut may use, as `KeyboardEvent.code` names them (UI Events
 * KeyboardEvent code values). Physical, not the typed character: an agent who switches to an
 * Urdu layout to type notes keeps the same shortcuts (with `key`, Alt+A would become Alt+ا).
 */
export const KeyCode = z
  .string()
  .regex(
    /^(Key[A-Z]|Digit[0-9]|F([1-9]|1[0-2])|Slash|Backslash|Period|Comma|Semicolon|Quote|BracketLeft|BracketRight|Minus|Equal|Backquote|Enter|Space|Escape|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Arrow(Up|Down|Left|Right)|Tab)$/,
    'a key code like KeyA, Digit1, F2 or Slash',
  );
export type KeyCode = z.infer<typeof KeyCode>;

const PUNCTUATION: Record<string, string> = {
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
};

/**
 * A key code as the key it is on a US layout (the layout `KeyboardEvent.code` names are taken
 * from, UI Events KeyboardEvent code values §3): KeyA → "A", Digit1 → "1", Slash → "/"; any
 * other code (F1, Enter, ArrowUp…) as it is. One table for the desk's labels and Electron's
 * accelerators.
 */
export function keyOfCode(code: string): string {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  return PUNCTUATION[code] ?? code;
}

/** One key with its modifiers. `meta` is the Windows/Command key. */
export const KeyChord = z
  .object({
    code: KeyCode,
    ctrl: z.boolean().default(false),
    alt: z.boolean().default(false),
    shift: z.boolean().default(false),
    meta: z.boolean().default(false),
  })
  .strict();
export type KeyChord = z.output<typeof KeyChord>;

/** The whole map: each action's chord in the desk (null: none), and the system-wide ones. */
const ShortcutMapShape = z
  .object({
    keys: z.object(Object.fromEntries(ShortcutAction.options.map((a) => [a, KeyChord.nullable()])) as Record<ShortcutAction, z.ZodNullable<typeof KeyChord>>).strict(),
    global: z.object(Object.fromEntries(GlobalShortcutAction.options.map((a) => [a, KeyChord.nullable()])) as Record<GlobalShortcutAction, z.ZodNullable<typeof KeyChord>>).strict(),
  })
  .strict();
export type ShortcutMap = z.output<typeof ShortcutMapShape>;

/** True when the chord holds Ctrl, Alt or Meta: Shift alone still types text, so it does not count. */
export const hasCommandModifier = (c: KeyChord): boolean => c.ctrl || c.alt || c.meta;

const chord = (code: string, mods: Partial<Omit<KeyChord, 'code'>> = {}): KeyChord => ({ code, ctrl: false, alt: false, shift: false, meta: false, ...mods });

/**
 * The map a new agent starts with. Alt+letter in the desk (works inside the notes too, and
 * Chromium gives Alt+letter to the page), mnemonic in English: Answer, Decline, End call, Hold,
 * Mute, Transfer, Keypad, Notes, Submit, Ready, Break. `?` (Shift+/) lists them, outside text
 * fields only. System-wide: Ctrl+Alt+A / E / M, so another application's Alt+letter is left alone.
 */
export const DEFAULT_SHORTCUTS: ShortcutMap = {
  keys: {
    answer: chord('KeyA', { alt: true }),
    decline: chord('KeyD', { alt: true }),
    hangup: chord('KeyE', { alt: true }),
    hold: chord('KeyH', { alt: true }),
    mute: chord('KeyM', { alt: true }),
    transfer: chord('KeyT', { alt: true }),
    dialpad: chord('KeyK', { alt: true }),
    notes: chord('KeyN', { alt: true }),
    submitWrapup: chord('KeyS', { alt: true }),
    available: chord('KeyR', { alt: true }),
    notReady: chord('KeyB', { alt: true }),
    help: chord('Slash', { shift: true }),
  },
  global: {
    answer: chord('KeyA', { ctrl: true, alt: true }),
    hangup: chord('KeyE', { ctrl: true, alt: true }),
    mute: chord('KeyM', { ctrl: true, alt: true }),
  },
};

/** Why a map is refused, as data: the renderer words it (renderer/src/keyboard/shortcut-labels.ts). */
export type ShortcutProblem =
  /** Two entries share one chord. `first`/`second` name them (`global.answer` for a system-wide one). */
  | { readonly code: 'CONFLICT'; readonly chord: KeyChord; readonly first: ShortcutSlot; readonly second: ShortcutSlot }
  /** Tab, Enter, Space, Escape and the arrows move through the desk (WAI-ARIA keyboard patterns): never a shortcut on their own. */
  | { readonly code: 'NAVIGATION_KEY'; readonly chord: KeyChord; readonly slot: ShortcutSlot }
  /** Ctrl+C/V/X/Z/Y/A are the editing keys every text box needs. */
  | { readonly code: 'EDITING_KEY'; readonly chord: KeyChord; readonly slot: ShortcutSlot }
  /** A system-wide shortcut without Ctrl/Alt/Meta would take that key from every application. */
  | { readonly code: 'GLOBAL_NEEDS_MODIFIER'; readonly chord: KeyChord; readonly slot: ShortcutSlot };

/** An entry of the map: a desk action, or a system-wide one. */
export type ShortcutSlot = { readonly scope: 'desk'; readonly action: ShortcutAction } | { readonly scope: 'global'; readonly action: GlobalShortcutAction };

const NAVIGATION = /^(Tab|Enter|Space|Escape|Arrow(Up|Down|Left|Right)|Home|End|PageUp|PageDown)$/;
const EDITING = /^Key[CVXZYA]$/;

const sameChord = (a: KeyChord, b: KeyChord): boolean =>
  a.code === b.code && a.ctrl === b.ctrl && a.alt === b.alt && a.shift === b.shift && a.meta === b.meta;

/**
 * Every reason the map cannot be used, empty when it can. One rule, used by the core before it
 * stores a map and by the settings form before it sends one. A system-wide chord may repeat the
 * desk chord of the same action (both do the same thing); any other repeat is a conflict.
 */
export function shortcutProblems(map: ShortcutMap): ShortcutProblem[] {
  const problems: ShortcutProblem[] = [];
  const slots: { slot: ShortcutSlot; chord: KeyChord }[] = [
    ...ShortcutAction.options.flatMap((action) => {
      const c = map.keys[action];
      return c ? [{ slot: { scope: 'desk', action } as const, chord: c }] : [];
    }),
    ...GlobalShortcutAction.options.flatMap((action) => {
      const c = map.global[action];
      return c ? [{ slot: { scope: 'global', action } as const, chord: c }] : [];
    }),
  ];
  for (const { slot, chord: c } of slots) {
    if (!c.ctrl && !c.alt && !c.meta && NAVIGATION.test(c.code)) problems.push({ code: 'NAVIGATION_KEY', chord: c, slot });
    if ((c.ctrl || c.meta) && !c.alt && !c.shift && EDITING.test(c.code)) problems.push({ code: 'EDITING_KEY', chord: c, slot });
    if (slot.scope === 'global' && !hasCommandModifier(c)) problems.push({ code: 'GLOBAL_NEEDS_MODIFIER', chord: c, slot });
  }
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) {
      const a = slots[i]!;
      const b = slots[j]!;
      if (!sameChord(a.chord, b.chord)) continue;
      if (a.slot.scope !== b.slot.scope && a.slot.action === b.slot.action) continue;
      problems.push({ code: 'CONFLICT', chord: a.chord, first: a.slot, second: b.slot });
    }
  }
  return problems;
}

const slotName = (s: ShortcutSlot): string => (s.scope === 'global' ? `global.${s.action}` : s.action);

/** A developer-facing sentence for logs and the zod issue; the desk words problems itself. */
export function describeShortcutProblem(p: ShortcutProblem): string {
  switch (p.code) {
    case 'CONFLICT':
      return `${slotName(p.first)} and ${slotName(p.second)} use the same keys`;
    case 'NAVIGATION_KEY':
      return `${slotName(p.slot)}: ${p.chord.code} alone moves through the desk`;
    case 'EDITING_KEY':
      return `${slotName(p.slot)}: that key is needed for editing text`;
    case 'GLOBAL_NEEDS_MODIFIER':
      return `${slotName(p.slot)}: a system-wide shortcut needs Ctrl, Alt or the Windows key`;
  }
}

/** A map as stored and sent: shape-checked, then refused when `shortcutProblems` finds any. */
export const ShortcutMap = ShortcutMapShape.superRefine((map, ctx) => {
  for (const p of shortcutProblems(map)) ctx.addIssue({ code: 'custom', message: describeShortcutProblem(p), params: { problem: p } });
});

export const keyboard = {
  /** The agent's shortcut map (the defaults until the agent changes one). */
  shortcuts: method(z.object({}).strict(), ShortcutMap),
  /** Stores the agent's map; a conflicting one fails with INVALID_INPUT and changes nothing. Tells every window ('keyboard.shortcuts'). */
  setShortcuts: method(z.object({ map: ShortcutMap }).strict(), ShortcutMap),
  /**
   * A system-wide shortcut was pressed (Electron's main, globalShortcut): the core tells the
   * desk ('keyboard.pressed'), which acts as if the agent had pressed the desk's own keys.
   */
  press: method(z.object({ action: GlobalShortcutAction }).strict(), z.object({}).strict()),
} as const;

export const keyboardEvents = {
  'keyboard.shortcuts': ShortcutMap,
  'keyboard.pressed': z.object({ action: GlobalShortcutAction }),
} as const;
