import { PresenceState, SELECTABLE_PRESENCE } from '../../../src/contract';

export const PRESENCE_LABEL: Record<PresenceState, string> = {
  Available: 'Available',
  Busy: 'Busy (on a call)',
  'Wrap-up': 'Wrap-up',
  Break: 'Break',
  Lunch: 'Lunch',
  Training: 'Training',
  Meeting: 'Meeting',
  Offline: 'Offline',
};

/** Every state, with the phone-driven ones shown but not pickable. */
export function presenceOptions(current: PresenceState | undefined) {
  return PresenceState.options
    .filter((s) => SELECTABLE_PRESENCE.includes(s) || s === current)
    .map((state) => ({ state, selectable: SELECTABLE_PRESENCE.includes(state) }));
}
