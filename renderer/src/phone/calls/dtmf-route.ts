/**
 * How the agent's keypad digits leave on one call: RFC 4733 telephone-event in the RTP stream, or
 * SIP INFO (`application/dtmf-relay`, the de facto format PBXs and carriers read) as the fallback.
 *
 * RFC 4733 §2.1 has events in an audio stream use the same timestamp clock as the audio codec they
 * share the stream with. Chromium sends Opus at 48 kHz; a far end that only takes
 * telephone-event/8000 (baresip, many PBXs and carriers) beside Opus then gets event packets on a
 * clock it cannot reconcile with the stream's, and in practice registers only the end packets of
 * the first digit. So RFC 4733 is used only when the far end's SDP has telephone-event at the clock
 * rate of the codec we send; otherwise, and when the account asks for it, SIP INFO. Pure: the SDP
 * in, the route out.
 */
import type { DtmfTransport } from '../../../../src/contract';

export type DtmfRoute = 'rfc4733' | 'info';

/** What the far end's audio description says about DTMF. Clock rates in Hz. */
export interface NegotiatedAudio {
  /** The first codec of the far end's audio m-line (the one we send), or null when there is none. */
  readonly sendClockRate: number | null;
  /** The clock rates of its telephone-event payload types, in the order listed. */
  readonly telephoneEventRates: readonly number[];
}

/** Payload types that carry no audio of their own, so are never the send codec. */
const NOT_A_CODEC = new Set(['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec-03']);

/** Static payload types (RFC 3551 §6) may come without an rtpmap line. */
const STATIC_RATES: Readonly<Record<string, number>> = { '0': 8000, '8': 8000, '9': 8000, '18': 8000, '3': 8000, '4': 8000 };

/** Reads the first audio m-line of an SDP (RFC 8866 §5.14) and its rtpmap lines. */
export function negotiatedAudio(sdp: string): NegotiatedAudio {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('m=audio '));
  if (start < 0) return { sendClockRate: null, telephoneEventRates: [] };
  const end = lines.findIndex((l, i) => i > start && l.startsWith('m='));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const payloads = lines[start]!.trim().split(/\s+/).slice(3);
  const rtpmap = new Map<string, { name: string; rate: number }>();
  for (const line of section) {
    const m = /^a=rtpmap:(\d+)\s+([^/\s]+)\/(\d+)/.exec(line.trim());
    if (m) rtpmap.set(m[1]!, { name: m[2]!.toLowerCase(), rate: Number(m[3]) });
  }
  const codec = (pt: string) => rtpmap.get(pt) ?? (STATIC_RATES[pt] ? { name: `static-${pt}`, rate: STATIC_RATES[pt] } : undefined);
  const send = payloads.map(codec).find((c) => c !== undefined && !NOT_A_CODEC.has(c.name));
  const telephoneEventRates = payloads.map(codec).filter((c) => c?.name === 'telephone-event').map((c) => c!.rate);
  return { sendClockRate: send?.rate ?? null, telephoneEventRates };
}

/** The account's setting first; RFC 4733 only where the far end takes events on the send codec's clock. */
export function dtmfRoute(setting: DtmfTransport, audio: NegotiatedAudio): DtmfRoute {
  if (setting === 'info') return 'info';
  if (audio.sendClockRate === null) return 'info';
  return audio.telephoneEventRates.includes(audio.sendClockRate) ? 'rfc4733' : 'info';
}
