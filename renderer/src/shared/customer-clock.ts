import { formatLocale } from '../i18n/i18n';

/** The customer's wall-clock time, for an agent in Karachi calling someone in Chicago. */
export function customerLocalTime(timezone: string, now: Date = new Date()): string | null {
  if (!timezone) return null;
  try {
    return new Intl.DateTimeFormat(formatLocale(), { timeZone: timezone, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' }).format(now);
  } catch {
    return null;
  }
}
