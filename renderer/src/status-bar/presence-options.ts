import { PresenceState, SELECTABLE_PRESENCE } from '../../../src/contract';
import { t } from '../i18n/i18n';

/** A presence state in the agent's words and language. */
export const presenceLabel = (state: PresenceState): string => t(`presence.state.${state}`);


/** Every state, with the phone-driven ones shown but not pickable. */
export function presenceOptions(current: PresenceState | undefined) {
  return PresenceState.options
    .filter((s) => SELECTABLE_PRESENCE.includes(s) || s === current)
    .map((state) => ({ state, selectable: SELECTABLE_PRESENCE.includes(state) }));
}
