import { PresenceState, SELECTABLE_PRESENCE, type AgentErrorShape, type WrapupRule } from '../../../src/contract';

type WrapupMode = WrapupRule['mode'];
import { t } from '../i18n/i18n';

/** A presence state in the agent's words and language. */
export const presenceLabel = (state: PresenceState): string => t(`presence.state.${state}`);

/**
 * Why the core refused a presence change (a CONFLICT from presence.set: open work holds the agent;
 * src/core/presence/presence-flow.ts `presenceRequest`), in the agent's words: on a call, or in a
 * wrap-up that must be submitted (or that its timer ends). Null for any other refusal.
 */
export function presenceRefusal(error: Pick<AgentErrorShape, 'code'>, state: PresenceState | undefined, wrapupMode: WrapupMode | null): string | null {
  if (error.code !== 'CONFLICT') return null;
  if (state === 'Busy') return t('presence.refusedOnCall');
  if (state === 'Wrap-up') return wrapupMode === 'timed' ? t('presence.refusedTimed') : t('presence.refusedWrapup');
  return null;
}

/** Every state, with the phone-driven ones shown but not pickable. */
export function presenceOptions(current: PresenceState | undefined) {
  return PresenceState.options
    .filter((s) => SELECTABLE_PRESENCE.includes(s) || s === current)
    .map((state) => ({ state, selectable: SELECTABLE_PRESENCE.includes(state) }));
}
