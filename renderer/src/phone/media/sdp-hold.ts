/**
 * Hold as the SDP says it, in every style far ends use, and the call's hold state read from what
 * was negotiated. Pure: the engine feeds it SDP text and transceiver directions
 * (tests/unit/phone-sdp-hold.test.ts).
 *
 * A far end says "do not send me media" in one of these ways, all of which an answerer must take
 * (RFC 3264 §5.1, §6.1, §8.4; RFC 6337 §5):
 *   - a=sendonly / a=inactive on the m-line;
 *   - the same attribute at session level, which applies to every m-line that has none of its own
 *     (RFC 8866 §6.7) — the browser reads directions per m-line only;
 *   - the old RFC 2543 way: the connection address 0.0.0.0 (RFC 3264 §8.4: "no longer
 *     recommended", but an answerer must understand it), often with a=sendrecv still there.
 * `normalizeRemoteSdp()` rewrites the last two into the first before the browser sees the SDP,
 * so the browser answers recvonly/inactive and its negotiated direction tells the truth.
 */

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: ReadonlySet<string> = new Set<SdpDirection>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
const isDirection = (v: string): v is SdpDirection => DIRECTIONS.has(v);

/** The m-line kinds whose direction means hold (JsSIP's holdMediaTypes: audio and video). */
const HOLD_MEDIA = /^m=(audio|video) (\d+)/;

/** "Do not send to me": what sendrecv/recvonly become when the address is 0.0.0.0 (RFC 3264 §8.4). */
const HELD_FORM: Readonly<Record<SdpDirection, SdpDirection>> = {
  sendrecv: 'sendonly',
  recvonly: 'inactive',
  sendonly: 'sendonly',
  inactive: 'inactive',
};

interface Section {
  readonly lines: string[];
}

/** Splits SDP into the session section and one section per m-line, keeping every line as it was. */
function sections(sdp: string): { session: Section; media: Section[] } {
  const lines = sdp.split(/\r?\n/);
  const session: Section = { lines: [] };
  const media: Section[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push({ lines: [line] });
    else (media.at(-1) ?? session).lines.push(line);
  }
  return { session, media };
}

const directionIn = (s: Section): SdpDirection | null => {
  for (const l of s.lines) {
    const v = l.startsWith('a=') ? l.slice(2).trim() : '';
    if (isDirection(v)) return v;
  }
  return null;
};

const connectionIn = (s: Section): string | null => {
  const c = s.lines.find((l) => l.startsWith('c='));
  return c ? (c.trim().split(/\s+/)[2] ?? null) : null;
};

const hasIce = (s: Section): boolean => s.lines.some((l) => l.startsWith('a=ice-ufrag:'));

/**
 * Whether 0.0.0.0 on this m-line means hold. With ICE, 0.0.0.0 and port 9 is the placeholder for
 * "no default candidate yet" (RFC 8840 §4.1.1, what every browser sends): not a hold. Anything
 * else with 0.0.0.0 is the RFC 2543 hold.
 */
function isOldStyleHold(session: Section, m: Section, port: number): boolean {
  const address = connectionIn(m) ?? connectionIn(session);
  if (address !== '0.0.0.0') return false;
  return !((hasIce(m) || hasIce(session)) && port === 9);
}

/**
 * The remote SDP with every hold said explicitly on each audio/video m-line: the session-level
 * direction copied to m-lines without their own, and the 0.0.0.0 hold turned into a=sendonly
 * (or a=inactive). Rejected m-lines (port 0) and other media are left alone. Line endings are
 * kept as the input had them.
 */
export function normalizeRemoteSdp(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const { session, media } = sections(sdp);
  const sessionDirection = directionIn(session);
  const out = [...session.lines];
  // The session-level attribute stays: it still holds for any m-line we do not rewrite.
  for (const m of media) {
    const head = HOLD_MEDIA.exec(m.lines[0] ?? '');
    const port = head ? Number(head[2]) : 0;
    if (!head || port === 0) {
      out.push(...m.lines);
      continue;
    }
    const own = directionIn(m);
    let direction = own ?? sessionDirection ?? 'sendrecv';
    if (isOldStyleHold(session, m, port)) direction = HELD_FORM[direction];
    if (own === direction) {
      out.push(...m.lines);
      continue;
    }
    const lines = m.lines.filter((l) => !isDirection(l.startsWith('a=') ? l.slice(2).trim() : ''));
    // After the m-line's own c=/b= lines is where attributes start; appending before any trailing
    // blank line keeps the section well formed.
    const trailing = lines.at(-1) === '' ? lines.pop() : undefined;
    lines.push(`a=${direction}`);
    if (trailing !== undefined) lines.push(trailing);
    out.push(...lines);
  }
  return out.join(eol);
}

/** The direction a far end declares for its audio (the first audio m-line in use), after normalizing. */
export function remoteAudioDirection(sdp: string): SdpDirection {
  const { session, media } = sections(normalizeRemoteSdp(sdp));
  const audio = media.find((m) => /^m=audio [1-9]/.test(m.lines[0] ?? ''));
  return (audio && directionIn(audio)) ?? directionIn(session) ?? 'sendrecv';
}

export interface NegotiatedHold {
  /** The agent holds this call (our side offers/answers sendonly or inactive). */
  readonly held: boolean;
  /** The far end holds us: it does not want our media ("held by the other party"). */
  readonly remoteHeld: boolean;
}

/**
 * The call's hold state from the audio transceiver. `wanted` is our own direction (sendonly
 * while the agent holds), `current` what the last completed offer/answer settled on, from our
 * side (RTCRtpTransceiver.currentDirection; null before the first). The far end holds us
 * exactly when the negotiated direction has us not sending although we want to: recvonly or
 * inactive while we want sendrecv, inactive while we hold (RFC 6337 §5.3: both on hold).
 */
export function negotiatedHold(wanted: RTCRtpTransceiverDirection, current: RTCRtpTransceiverDirection | null | undefined): NegotiatedHold {
  const held = wanted === 'sendonly' || wanted === 'inactive';
  const weSend = current === 'sendrecv' || current === 'sendonly';
  return { held, remoteHeld: current != null && current !== 'stopped' && !weSend };
}

/** Our own direction for the audio while the agent holds or not (RFC 3264 §8.4, RFC 6337 §5.1). */
export const holdDirection = (held: boolean): RTCRtpTransceiverDirection => (held ? 'sendonly' : 'sendrecv');
