/**
 * Callback times as agents read them: in their own zone (the workstation's), with the
 * customer's wall-clock time beside it when the contact's zone is known — an agent in Karachi
 * promising a 10:00 call to someone in Chicago must see that it is 23:00 there.
 */
import { formatLocale, t } from '../i18n/i18n';

function parts(date: Date, timeZone?: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat(formatLocale(), {
    ...(timeZone ? { timeZone } : {}),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** "Thu 26 Nov 14:30" (the day's and month's names in the agent's language): assembled from parts so it reads the same in every locale build. */
export function formatWhen(iso: string, timeZone?: string): string {
  const p = parts(new Date(iso), timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.hour}:${p.minute}`;
}

/** The last part of an IANA zone, readable: "America/Chicago" → "Chicago". */
export const zoneCity = (timeZone: string) => timeZone.split('/').pop()?.replace(/_/g, ' ') ?? timeZone;

/** "Thu 26 Nov 04:30 in Chicago", or null when the zone is unknown or not a real zone. */
export function customerWhen(iso: string, timeZone: string): string | null {
  if (!timeZone) return null;
  try {
    return t('callbacks.inZone', { when: formatWhen(iso, timeZone), city: zoneCity(timeZone) });
  } catch {
    return null;
  }
}

/** The values of a date and a time input (the agent's zone) as an instant, or null while incomplete. */
export function fromDateAndTime(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${date}T${time}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An instant as the values of a date and a time input in the agent's zone. */
export function toDateAndTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

/** "0:42" for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
