import { t } from '../i18n/i18n';

/**
 * Why the wrap-up can't be submitted yet, in the agent's words, or null when it can. The Submit
 * button is disabled while this is non-null and the reason is shown beside it (issue 16 A8: a
 * blocked submit always says why). The core refuses the same past callback on its own.
 */
export function submitBlocker(form: { disposition: string; showCallback: boolean; dueAt: string | null }, now: Date): string | null {
  if (!form.disposition) return t('wrapup.pickDisposition');
  if (form.showCallback && !form.dueAt) return t('wrapup.pickCallbackTime');
  if (form.dueAt && Date.parse(form.dueAt) < now.getTime() - CALLBACK_PAST_GRACE_MS) return t('wrapup.callbackPast');
  return null;
}

/** A callback set for the current minute is not "in the past": the pickers only go to the minute. */
export const CALLBACK_PAST_GRACE_MS = 60_000;
