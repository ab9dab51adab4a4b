/**
 * Payment card and Pakistani CNIC numbers an agent types into free text (notes, script answers,
 * a callback's note) are masked before the text is stored or synced: a card number must never
 * be stored in full (PCI DSS requirement 3.4 allows at most the last four digits), and a CNIC is
 * an identity number the workstation has no reason to keep. One pure function, used by the core
 * at every place free text is written and by the UI to show the agent what was masked.
 *
 * What counts:
 * - a card number: 13 to 19 digits (ISO/IEC 7812 PANs), written together or in groups separated
 *   by one space or dash, whose first digit is not 0 (MII 0 is not a payment card, and phone
 *   numbers written 00 92… or 03… start with it), passing the Luhn check (ISO/IEC 7812-1 annex B).
 *   A run of digit groups longer than a card (a phone number typed next to a card number) is
 *   searched for the longest card-shaped span on group boundaries; digits are never split inside
 *   a group. Runs that fail Luhn (phone numbers, order numbers) are left alone.
 * - a CNIC (NADRA's 13-digit computerized national identity card number): `#####-#######-#`
 *   (also with spaces), or a lone 13-digit run; checked first, so a CNIC that happens to pass
 *   Luhn is reported as a CNIC.
 *
 * Each digit of a masked number becomes `•` (a card keeps its last four digits, a CNIC none) and
 * separators stay, so the text keeps its length (a note at its limit stays within it) and its
 * shape, and masking again changes nothing.
 */

import { z } from 'zod';

/** How many numbers a save masked: the agent API reports it so the UI can tell the agent. */
export const MaskedNumbers = z.object({ cards: z.number().int().nonnegative(), cnics: z.number().int().nonnegative() });
export type MaskedNumbers = z.infer<typeof MaskedNumbers>;

export interface MaskReport {
  /** The text with every card and CNIC number replaced. */
  text: string;
  /** How many card numbers were replaced. */
  cards: number;
  /** How many CNIC numbers were replaced. */
  cnics: number;
}

/** The character a masked digit becomes. */
export const MASKED_DIGIT = '•';

/** A written card number with every digit but the last four masked (PCI DSS allows keeping those). */
const maskCard = (written: string): string => {
  let keep = 4;
  let out = '';
  for (let i = written.length - 1; i >= 0; i--) {
    const c = written.charAt(i);
    if (c >= '0' && c <= '9') out = (keep-- > 0 ? c : MASKED_DIGIT) + out;
    else out = c + out;
  }
  return out;
};
/** A written CNIC with every digit masked. */
const maskCnic = (written: string): string => written.replace(/\d/g, MASKED_DIGIT);

/** The Luhn (mod 10) check of ISO/IEC 7812-1 over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const CARD_MIN_DIGITS = 13;
const CARD_MAX_DIGITS = 19;

// A CNIC written with its separators (both dashes or both spaces), or a lone run of 13 digits;
// never inside a longer run of digits or groups.
const CNIC = /(?<![\d])(?<![\d][ -])(?:\d{5}-\d{7}-\d|\d{5} \d{7} \d|\d{13})(?![\d])(?![ -]\d)/g;
// A run of digit groups joined by single spaces or dashes.
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;

interface Span {
  start: number;
  end: number;
  digits: string;
}

/** The card numbers inside one run of digit groups: longest first, left to right, on group boundaries. */
function cardsInRun(run: string, offset: number): Span[] {
  const groups: { start: number; end: number }[] = [];
  for (const m of run.matchAll(/\d+/g)) groups.push({ start: m.index, end: m.index + m[0].length });
  const found: Span[] = [];
  let first = 0;
  while (first < groups.length) {
    let best: Span | null = null;
    let digits = '';
    for (let last = first; last < groups.length; last++) {
      const g = groups[last];
      if (!g) break;
      digits += run.slice(g.start, g.end);
      if (digits.length > CARD_MAX_DIGITS) break;
      if (digits.length >= CARD_MIN_DIGITS && digits[0] !== '0' && passesLuhn(digits)) {
        const start = groups[first]?.start ?? g.start;
        best = { start: offset + start, end: offset + g.end, digits };
      }
    }
    if (best) {
      found.push(best);
      while (first < groups.length && (groups[first]?.end ?? Infinity) <= best.end - offset) first++;
    } else {
      first++;
    }
  }
  return found;
}

/** Masks every card and CNIC number in `text` (see the module comment for what counts). Pure. */
export function maskSensitiveNumbers(text: string): MaskReport {
  let cnics = 0;
  const withoutCnics = text.replace(CNIC, (written) => {
    cnics++;
    return maskCnic(written);
  });
  const spans: Span[] = [];
  for (const m of withoutCnics.matchAll(DIGIT_RUN)) spans.push(...cardsInRun(m[0], m.index));
  let out = withoutCnics;
  for (const s of spans.reverse()) out = out.slice(0, s.start) + maskCard(out.slice(s.start, s.end)) + out.slice(s.end);
  return { text: out, cards: spans.length, cnics };
}

/** Masks every string value of a record (script answers); counts add up over the values. */
export function maskSensitiveAnswers<K extends string>(answers: Record<K, string>): { answers: Record<K, string>; cards: number; cnics: number } {
  let cards = 0;
  let cnics = 0;
  const out = {} as Record<K, string>;
  for (const key of Object.keys(answers) as K[]) {
    const r = maskSensitiveNumbers(answers[key]);
    cards += r.cards;
    cnics += r.cnics;
    out[key] = r.text;
  }
  return { answers: out, cards, cnics };
}

/** The agent's words for what was masked, or null when nothing was. */
export function describeMasking(r: { cards: number; cnics: number }): string | null {
  const parts: string[] = [];
  if (r.cards) parts.push(r.cards === 1 ? 'a card number' : `${r.cards} card numbers`);
  if (r.cnics) parts.push(r.cnics === 1 ? 'a CNIC number' : `${r.cnics} CNIC numbers`);
  if (!parts.length) return null;
  return `Masked ${parts.join(' and ')}: card and ID numbers are never stored.`;
}
