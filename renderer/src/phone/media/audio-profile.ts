/**
 * The call's audio profile, as SDP. Low-bandwidth mode is for a home line that is poor or shared:
 * Opus capped at 16 kbit/s (`maxaveragebitrate`, RFC 7587 §6.1), in-band FEC and DTX on
 * (`useinbandfec`, `usedtx`), and 60 ms packets (`a=ptime`, `a=maxptime`: a third of the packets
 * and their 40-byte IP/UDP/RTP headers of the default 20 ms). Both directions are shaped: the
 * parameters in the SDP we send ask the far end to send that way, and the same parameters put
 * into the SDP we receive make the browser's own encoder follow them (libwebrtc configures its
 * sender from the remote description). Video is never negotiated, in either profile: a far end's
 * video line is refused (port 0, RFC 3264 §6) before the browser sees it.
 */
import type { QualityLevel } from '../stats/quality';

export type AudioProfileSetting = 'standard' | 'low-bandwidth' | 'auto';
export type AudioProfile = 'standard' | 'low-bandwidth';

/** Opus's low-bandwidth settings: 16 kbit/s is wideband speech with room for FEC (Opus's own guidance, RFC 6716 §2.1.1). */
export const LOW_BANDWIDTH_OPUS = { maxaveragebitrate: 16000, useinbandfec: 1, usedtx: 1 } as const;
export const LOW_BANDWIDTH_PTIME_MS = 60;

/** `auto` goes low-bandwidth when the line was poor when the call started; `null` line: not measured, standard. */
export function effectiveAudioProfile(setting: AudioProfileSetting, line: QualityLevel | null): AudioProfile {
  if (setting === 'auto') return line === 'poor' ? 'low-bandwidth' : 'standard';
  return setting;
}

const EOL = /\r?\n/;

/** The SDP with video refused and, for low-bandwidth, Opus shaped. Text that is not SDP comes back unchanged. */
export function shapeSdp(sdp: string, profile: AudioProfile): string {
  if (!sdp.startsWith('v=')) return sdp;
  const lines = sdp.split(EOL).filter((l, i, all) => l !== '' || i < all.length - 1);
  const out: string[] = [];
  let section: 'session' | 'audio' | 'video' | 'other' = 'session';
  let opus: Set<string> = new Set();
  const fmtpSeen = new Set<string>();
  const flushAudio = () => {
    if (section !== 'audio' || profile !== 'low-bandwidth') return;
    // An Opus payload type without its fmtp line gets one.
    for (const pt of opus) if (!fmtpSeen.has(pt)) out.push(`a=fmtp:${pt} ${formatParams(new Map())}`);
    out.push(`a=ptime:${LOW_BANDWIDTH_PTIME_MS}`, `a=maxptime:${LOW_BANDWIDTH_PTIME_MS}`);
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      flushAudio();
      const kind = line.slice(2).split(' ')[0];
      section = kind === 'audio' ? 'audio' : kind === 'video' ? 'video' : 'other';
      opus = new Set();
      fmtpSeen.clear();
      out.push(section === 'video' ? line.replace(/^m=video \d+/, 'm=video 0') : line);
      continue;
    }
    if (section === 'audio') {
      const rtpmap = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
      if (rtpmap?.[1]) opus.add(rtpmap[1]);
      if (profile === 'low-bandwidth') {
        if (/^a=(ptime|maxptime):/.test(line)) continue;
        const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
        if (fmtp?.[1] && opus.has(fmtp[1])) {
          fmtpSeen.add(fmtp[1]);
          out.push(`a=fmtp:${fmtp[1]} ${formatParams(parseParams(fmtp[2] ?? ''))}`);
          continue;
        }
      }
    }
    out.push(line);
  }
  flushAudio();
  return out.join('\r\n') + '\r\n';
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k) params.set(k.toLowerCase(), v ?? '');
  }
  return params;
}

function formatParams(params: Map<string, string>): string {
  const merged = new Map(params);
  for (const [k, v] of Object.entries(LOW_BANDWIDTH_OPUS)) merged.set(k, String(v));
  return [...merged].map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(';');
}
