/**
 * Who is on the other end, as the phone shows it, logs it and looks it up: the one place where a
 * SIP identity (From, P-Asserted-Identity, or the Request-URI we dialled) becomes a number and a name.
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

/**
 * Splits a header value holding comma-separated name-addrs (RFC 3261 §7.3.1), leaving commas
 * inside quoted display-names and <…> URIs alone.
 */
export function splitNameAddrs(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let bracketed = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted && ch === '\\') {
      current += ch + (value[++i] ?? '');
      continue;
    }
    if (ch === '"' && !bracketed) quoted = !quoted;
    else if (ch === '<' && !quoted) bracketed = true;
    else if (ch === '>' && !quoted) bracketed = false;
    if (ch === ',' && !quoted && !bracketed) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((a) => a.trim()).filter(Boolean);
}

/** One name-addr or addr-spec: its URI and its display-name, unquoted (RFC 3261 §25.1 quoted-pair undone). */
function nameAddrParts(addr: string): { uri: string; name: string | null } {
  const lt = addr.indexOf('<');
  if (lt < 0) return { uri: addr.split(';')[0]!.trim(), name: null };
  const raw = addr.slice(0, lt).trim();
  const name = raw.startsWith('"') ? raw.slice(1, raw.lastIndexOf('"') > 0 ? raw.lastIndexOf('"') : undefined).replace(/\\(.)/g, '$1') : raw;
  return { uri: addr.slice(lt + 1, addr.indexOf('>', lt) < 0 ? undefined : addr.indexOf('>', lt)), name: name.trim() || null };
}

/** The headers of an incoming INVITE that assert who the caller is (RFC 3325). */
export interface AssertedCaller {
  /** P-Asserted-Identity's values joined with commas (a sip: and/or a tel: name-addr, RFC 3325 §9.1); null if absent. */
  readonly assertedIdentity: string | null;
  /** The Privacy header (RFC 3323 §4.2), e.g. "id" or "id;header"; null if absent. */
  readonly privacy: string | null;
}

/**
 * The caller of an incoming call: the From, unless it withholds the number and the INVITE carries
 * a P-Asserted-Identity, the identity the network asserts (RFC 3325 §9.1). Every request reaches
 * the phone through the company's proxy, the edge of the trust domain, which removes the header
 * from sources it does not trust (RFC 3325 §4, §5): one that arrives was asserted by a trusted PBX
 * or carrier. A caller who asked for privacy (Privacy: id, RFC 3325 §9.3) stays withheld.
 */
export function inboundCaller(from: CallerIdentity, asserted: AssertedCaller): CallerIdentity {
  if (from.presentation === 'allowed' || !asserted.assertedIdentity) return from;
  const privacy = (asserted.privacy ?? '').toLowerCase().split(/[;,]/).map((t) => t.trim());
  if (privacy.includes('id')) return from;
  for (const addr of splitNameAddrs(asserted.assertedIdentity)) {
    const { uri, name } = nameAddrParts(addr);
    const id = callerIdentity(uri, name);
    if (id.presentation === 'allowed') return { ...id, name: id.name ?? from.name };
  }
  return from;
}
