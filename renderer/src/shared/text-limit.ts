/**
 * What a text field does at its contract limit (src/contract/shared/text-limits.ts), as pure
 * functions: when the counter shows, and what a paste that does not fit leaves in the field.
 * Nothing already typed is ever dropped; a paste keeps what fits and says what it cut.
 */
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';

/** The counter appears once the text reaches this share of its limit. */
export const COUNTER_FROM = 0.8;

/** "1,640 / 2,000" once the text nears its limit (from 80 %), "limit reached" at it; null before. */
export function limitCounter(length: number, limit: number): string | null {
  if (length < Math.ceil(limit * COUNTER_FROM)) return null;
  const figures = { length: formatNumber(length), limit: formatNumber(limit) };
  return length >= limit ? t('limits.reached', figures) : t('limits.counter', figures);
}

export interface FittedPaste {
  /** The field's new text: what was there, with as much of the paste as fits at the selection. */
  value: string;
  /** Where the caret goes: after the inserted part. */
  caret: number;
  /** The part of the paste that did not fit ('' when all of it did). */
  cut: string;
}

/**
 * Inserts `pasted` in place of the selection [start, end) of `value`, keeping the result within
 * `limit` UTF-16 code units (what maxLength counts). A surrogate pair is never split.
 */
export function fitPaste(value: string, start: number, end: number, pasted: string, limit: number): FittedPaste {
  const kept = value.slice(0, start) + value.slice(end);
  let room = Math.max(0, limit - kept.length);
  if (room < pasted.length && room > 0) {
    const last = pasted.charCodeAt(room - 1);
    if (last >= 0xd800 && last <= 0xdbff) room--;
  }
  const inserted = pasted.slice(0, room);
  return { value: value.slice(0, start) + inserted + value.slice(end), caret: start + inserted.length, cut: pasted.slice(inserted.length) };
}

/** The agent's words for a cut paste: how much fit, how much did not, and how the cut part starts. */
export function describeCut(cut: string, pastedLength: number, limit: number): string {
  const fit = pastedLength - cut.length;
  const start = cut.slice(0, 40).replace(/\s+/g, ' ');
  return t('limits.cut', {
    limit: formatNumber(limit),
    fit: formatNumber(fit),
    pasted: formatNumber(pastedLength),
    cut: formatNumber(cut.length),
    start: `${start}${cut.length > 40 ? '…' : ''}`,
  });
}
