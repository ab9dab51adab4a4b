/**
 * Who is on the other end, as the phone shows it, logs it and looks it up: the one place where a
 * SIP identity (From, or the Request-URI we dialled) becomes a number and a name.
 */

/** What the phone shows instead of a number the caller withheld (RFC 3323 privacy, "anonymous"). */
export const WITHHELD_NUMBER = 'Withheld number';
/** What the phone shows when the network had no number to give ("unavailable", "unknown"). */
export const NUMBER_UNAVAILABLE = 'Number unavailable';

export interface CallerIdentity {
  /**
   * The number as shown, logged and looked up: percent-decoding undone, visual separators
   * (RFC 3966 §5.1.1) removed, a leading + kept; or WITHHELD_NUMBER / NUMBER_UNAVAILABLE.
   */
  readonly number: string;
  /** 'allowed' when `number` is the caller's own and may be called back, looked up or saved. */
  readonly presentation: 'allowed' | 'withheld' | 'unavailable';
  /** The display name, unless it is empty, only repeats the number, or is a privacy word. */
  readonly name: string | null;
}

/** User parts and display names carriers and PBXs use for a withheld number (RFC 3261 §8.1.1.3, RFC 3323 §4.1.1.3). */
const WITHHELD_WORDS = new Set(['anonymous', 'restricted', 'private', 'withheld', 'privacy', 'blocked']);
/** … and for a number the network does not have (Q.731.3 "not available", PBX conventions). */
const UNAVAILABLE_WORDS = new Set(['unavailable', 'unknown', 'out of area', 'out-of-area', 'not available']);
/** RFC 3966 §5.1.1 visual separators, plus the spaces carriers put in despite the grammar. */
const VISUAL_SEPARATORS = /[\s\-.()]/g;

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The user part of a sip:/sips: URI or the subscriber of a tel: URI, decoded, without its parameters. */
function userPartOf(uri: string): { user: string; host: string } {
  const inner = /<([^>]*)>/.exec(uri)?.[1] ?? uri;
  const tel = /^\s*tel:([^;]*)/i.exec(inner);
  if (tel) return { user: percentDecode(tel[1] ?? '').trim(), host: '' };
  const sip = /^\s*sips?:(?:([^@]*)@)?([^;?>]*)/i.exec(inner);
  if (!sip) return { user: percentDecode(inner).trim(), host: '' };
  // A tel: From read as a SIP URI keeps the subscriber's parameters (";phone-context=…") in the user part.
  const user = percentDecode(sip[1] ?? '').split(';')[0] ?? '';
  return { user: user.trim(), host: (sip[2] ?? '').trim().toLowerCase() };
}

function privacyOf(word: string): 'withheld' | 'unavailable' | null {
  const w = word.trim().toLowerCase().replace(/^"|"$/g, '');
  if (WITHHELD_WORDS.has(w)) return 'withheld';
  if (UNAVAILABLE_WORDS.has(w)) return 'unavailable';
  return null;
}

/**
 * Reads an identity: `uri` as JsSIP gives it (URI.toString(), or a name-addr), `displayName` the
 * quoted or bare display-name (already unquoted by the parser, UTF-8 as sent).
 */
export function callerIdentity(uri: string, displayName: string | null | undefined = null): CallerIdentity {
  const { user, host } = userPartOf(uri);
  const name = (displayName ?? '').trim() || null;
  const hidden = privacyOf(user) ?? (host === 'anonymous.invalid' ? 'withheld' : null) ?? (user === '' ? 'unavailable' : null);
  if (hidden) {
    return { number: hidden === 'withheld' ? WITHHELD_NUMBER : NUMBER_UNAVAILABLE, presentation: hidden, name: name && !privacyOf(name) ? name : null };
  }
  const compact = user.replace(VISUAL_SEPARATORS, '');
  // A phone number loses its separators; a SIP user name ("alice") is shown as it is.
  const number = /^\+?[0-9*#]+$/.test(compact) ? compact : user;
  const nameDigits = name?.replace(VISUAL_SEPARATORS, '');
  const shownName = name && !privacyOf(name) && nameDigits !== number ? name : null;
  // Some networks put the privacy word only in the display-name, with a real-looking user part.
  if (name && privacyOf(name) && !/[0-9]/.test(number)) {
    const p = privacyOf(name)!;
    return { number: p === 'withheld' ? WITHHELD_NUMBER : NUMBER_UNAVAILABLE, presentation: p, name: null };
  }
  return { number, presentation: 'allowed', name: shownName };
}

/** True when a number the phone stored or shows is the caller's own (not a withheld/unavailable label). */
export const isPresentedNumber = (number: string): boolean => number !== WITHHELD_NUMBER && number !== NUMBER_UNAVAILABLE;
