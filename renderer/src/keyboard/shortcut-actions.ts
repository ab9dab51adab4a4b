import type { AgentApi, PresenceState, ShortcutAction } from '../../../src/contract';
import type { PhoneEngine } from '../phone/phone-engine';
import type { PhoneStore } from '../phone/phone-store';
import { callCommand } from './call-target';
import type { KeyboardStore } from './keyboard-store';
import { focusPlace, matchShortcut } from './shortcut-match';

/**
 * The elements a shortcut reaches on screen carry `data-shortcut="<target>"`: the shortcut
 * focuses or presses the same control the agent would, so a disabled control stays disabled.
 */
export const shortcutTarget = (target: ShortcutAction | 'disposition' | 'dial-number'): { 'data-shortcut': string } => ({ 'data-shortcut': target });

const find = <E extends HTMLElement>(target: string): E | null => document.querySelector<E>(`[data-shortcut="${target}"]`);

interface ShortcutDeps {
  readonly agent: AgentApi;
  readonly engine: PhoneEngine;
  readonly phone: PhoneStore;
  readonly keyboard: KeyboardStore;
  readonly setPresence: (state: PresenceState) => Promise<void>;
}

/** Does what a shortcut asks; returns false when nothing on the desk fits it now. */
function run(action: ShortcutAction, d: ShortcutDeps): boolean {
  switch (action) {
    case 'answer':
    case 'decline':
    case 'hangup':
    case 'hold':
    case 'mute': {
      const cmd = callCommand(action, d.phone.getState().calls);
      if (!cmd) return false;
      if (cmd.op === 'mute') d.engine.setMuted(cmd.callId, cmd.muted);
      else d.engine[cmd.op](cmd.callId);
      return true;
    }
    case 'transfer':
    case 'notes': {
      const el = find(action);
      el?.focus();
      return el !== null;
    }
    case 'dialpad': {
      // On a call: the call's keypad (tones); otherwise the number to dial.
      const keypad = find<HTMLButtonElement>('dialpad');
      if (keypad) {
        if (keypad.getAttribute('aria-expanded') !== 'true') keypad.click();
        keypad.focus();
        return true;
      }
      const number = find('dial-number');
      number?.focus();
      return number !== null;
    }
    case 'submitWrapup': {
      const submit = find<HTMLButtonElement>('submitWrapup');
      if (!submit) return false;
      // Not ready to submit (no disposition yet): take the agent to what is missing.
      if (submit.disabled) find('disposition')?.focus();
      else submit.click();
      return true;
    }
    case 'available':
      void d.setPresence('Available');
      return true;
    case 'notReady':
      void d.setPresence('Break');
      return true;
    case 'help':
      d.keyboard.actions.setOverlay(!d.keyboard.store.getState().overlayOpen);
      return true;
  }
}

/**
 * The desk's keyboard: every key press is matched against the agent's map (`matchShortcut`), and
 * Electron's system-wide shortcuts arrive as 'keyboard.pressed'. Both run the same `run()`.
 */
export function startShortcuts(d: ShortcutDeps): void {
  window.addEventListener('keydown', (e) => {
    const { map, capturing } = d.keyboard.store.getState();
    if (capturing || e.defaultPrevented) return;
    const action = matchShortcut(map.keys, e, focusPlace(document.activeElement as HTMLElement | null));
    if (!action) return;
    // The shortcut is the agent's: Alt+letter must not also open a menu or type a character.
    e.preventDefault();
    run(action, d);
  });
  d.agent.on('keyboard.pressed', ({ action }) => void run(action, d));
}
