import { t } from '../i18n/i18n';
import type { SaveState } from './durable-saver';

/*
 * What the desk says while the workstation core is gone (its host was killed, and is being
 * restarted) is said everywhere at once, so nothing on screen pretends to be saved: the banner
 * (`app.coreGone`) and every save status (`app.coreGoneSave`). A window another window took the
 * desk over from says `app.takenOver` (issue 16 A5).
 */

/**
 * The save status to show instead of the saver's own while the core is gone: a change that is
 * waiting or on its way is not saved. Null when the saver's own words hold.
 */
export function saveStatusWhileGone(state: SaveState, connected: boolean): string | null {
  return !connected && (state.kind === 'unsaved' || state.kind === 'saving') ? t('app.coreGoneSave') : null;
}
