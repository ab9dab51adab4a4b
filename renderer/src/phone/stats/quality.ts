/**
 * A call's quality from WebRTC stats: round-trip time, jitter and loss fed into a simplified
 * ITU-T G.107 E-model to estimate MOS (1–4.5). Good enough to tell an agent "your line is bad".
 */
export interface QualitySample {
  /** Seconds, from the selected candidate pair or remote-inbound-rtp. */
  readonly rttSeconds: number | null;
  /** Seconds, inbound-rtp jitter. */
  readonly jitterSeconds: number | null;
  /** 0..1 over the interval since the previous sample. */
  readonly lossFraction: number | null;
}

export type QualityLevel = 'good' | 'fair' | 'poor';

export interface Quality extends QualitySample {
  readonly mos: number;
  readonly level: QualityLevel;
}

export function estimateMos(s: QualitySample): number {
  const rttMs = (s.rttSeconds ?? 0) * 1000;
  const jitterMs = (s.jitterSeconds ?? 0) * 1000;
  const lossPct = Math.max(0, Math.min(100, (s.lossFraction ?? 0) * 100));
  // Mouth-to-ear delay: half the RTT, twice the jitter (buffer), 10 ms codec.
  const d = rttMs / 2 + jitterMs * 2 + 10;
  const id = d < 160 ? d / 40 : (d - 120) / 10;
  // Opus with packet-loss concealment degrades roughly 2.5 R per percent lost.
  const ie = lossPct * 2.5;
  const r = Math.max(0, Math.min(100, 93.2 - id - ie));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100;
}

export function qualityLevel(mos: number): QualityLevel {
  if (mos >= 4) return 'good';
  if (mos >= 3.3) return 'fair';
  return 'poor';
}

export interface RtpCounters {
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

/** Loss over the interval between two readings of the cumulative counters. */
export function intervalLoss(prev: RtpCounters | null, now: RtpCounters): number | null {
  const received = now.packetsReceived - (prev?.packetsReceived ?? 0);
  const lost = now.packetsLost - (prev?.packetsLost ?? 0);
  if (received + lost <= 0) return null;
  return Math.max(0, lost) / (received + Math.max(0, lost));
}

export function assessQuality(s: QualitySample): Quality {
  const mos = estimateMos(s);
  return { ...s, mos, level: qualityLevel(mos) };
}
