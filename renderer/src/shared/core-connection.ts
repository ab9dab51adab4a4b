import type { SaveState } from './durable-saver';

/**
 * What the desk says while the workstation core is gone (its host was killed, and is being
 * restarted): said everywhere at once, so nothing on screen pretends to be saved.
 */
export const CORE_GONE_BANNER = 'The workstation core stopped: reconnecting. Nothing you change is saved until it is back — keep this window open.';
/** What a window says once another window of the same workstation took the desk over (issue 16 A5). */
export const TAKEN_OVER_MESSAGE =
  'This desk is now open in another window, which has your phone and your work. This window has stopped; you can close it.';
export const CORE_GONE_SAVE = 'Not saved yet — the workstation core is not responding';

/**
 * The save status to show instead of the saver's own while the core is gone: a change that is
 * waiting or on its way is not saved. Null when the saver's own words hold.
 */
export function saveStatusWhileGone(state: SaveState, connected: boolean): string | null {
  return !connected && (state.kind === 'unsaved' || state.kind === 'saving') ? CORE_GONE_SAVE : null;
}
