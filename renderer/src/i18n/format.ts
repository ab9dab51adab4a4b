import { formatLocale } from './i18n';

/**
 * Dates, times and numbers as the agent reads them: through Intl in the agent's locale
 * (`formatLocale()`: the UI language with IT's region, Pakistan by default) and the machine's
 * time zone. Every date, time and count the desk prints goes through here.
 */

const toDate = (at: string | number | Date) => (at instanceof Date ? at : new Date(at));

/** "6:47 pm" — a time today. */
export function formatTime(at: string | number | Date): string {
  return new Intl.DateTimeFormat(formatLocale(), { hour: 'numeric', minute: '2-digit' }).format(toDate(at));
}

/** "6:47:26 pm" — a save confirmation, to the second. */
export function formatTimeSeconds(at: string | number | Date): string {
  return new Intl.DateTimeFormat(formatLocale(), { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(toDate(at));
}

/** "30 Nov 2026, 6:47 pm" — a moment on any day (history, notes, messages). */
export function formatDateTime(at: string | number | Date): string {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(at));
}

/** "52,000" */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formatLocale(), options).format(n);
}
