/**
 * The one reader of WebRTC getStats() reports for the phone: the quality badge and the
 * diagnostics both take their figures from here. Pure, so it is tested with recorded reports.
 */
import type { RtpCounters } from './quality';

/** The parts of an RTCStatsReport this reader uses; a Map of stats objects works the same. */
export interface StatsReportLike {
  forEach(callback: (stat: Record<string, unknown>) => void): void;
  get(id: string): unknown;
}

export interface AudioStats {
  /** Seconds, from the nominated candidate pair, else remote-inbound-rtp. */
  readonly rttSeconds: number | null;
  /** Seconds, inbound-rtp jitter of the audio stream. */
  readonly jitterSeconds: number | null;
  /** Cumulative inbound packet counters, for the loss over an interval (quality.ts intervalLoss). */
  readonly counters: RtpCounters | null;
  /** Bytes of audio received and sent since the call started. */
  readonly inboundBytes: number;
  readonly outboundBytes: number;
  /** RTP packets of audio sent: with the bytes, the packet time and size on the wire. */
  readonly outboundPackets: number;
  /** Received samples the decoder had to invent (loss concealment), and all received samples: their ratio is what the agent hears of the loss. */
  readonly concealedSamples: number;
  readonly totalSamplesReceived: number;
  /** 0..1, the received audio's level now (null until audio arrives). */
  readonly audioLevel: number | null;
  readonly totalAudioEnergy: number | null;
  /** The local candidate type of the pair carrying the audio: host, srflx (through NAT) or relay (TURN). */
  readonly mediaPath: string | null;
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** The candidate type of the ICE pair the transport selected. */
function selectedCandidateType(report: StatsReportLike): string | null {
  let pairId: string | null = null;
  report.forEach((s) => {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pairId = s.selectedCandidatePairId;
  });
  const pair = pairId ? (report.get(pairId) as { localCandidateId?: string } | undefined) : undefined;
  const local = pair?.localCandidateId ? (report.get(pair.localCandidateId) as { candidateType?: string } | undefined) : undefined;
  return local?.candidateType ?? null;
}

export function readAudioStats(report: StatsReportLike): AudioStats {
  let rttSeconds: number | null = null;
  let jitterSeconds: number | null = null;
  let counters: RtpCounters | null = null;
  let inboundBytes = 0;
  let outboundBytes = 0;
  let outboundPackets = 0;
  let concealedSamples = 0;
  let totalSamplesReceived = 0;
  let audioLevel: number | null = null;
  let totalAudioEnergy: number | null = null;
  report.forEach((s) => {
    if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') rttSeconds = s.currentRoundTripTime;
    if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number' && rttSeconds === null) rttSeconds = s.roundTripTime;
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      jitterSeconds = numberOrNull(s.jitter);
      counters = { packetsReceived: Number(s.packetsReceived ?? 0), packetsLost: Number(s.packetsLost ?? 0) };
      inboundBytes += Number(s.bytesReceived ?? 0);
      audioLevel = numberOrNull(s.audioLevel) ?? audioLevel;
      totalAudioEnergy = numberOrNull(s.totalAudioEnergy) ?? totalAudioEnergy;
      concealedSamples += Number(s.concealedSamples ?? 0);
      totalSamplesReceived += Number(s.totalSamplesReceived ?? 0);
    }
    if (s.type === 'outbound-rtp' && s.kind === 'audio') {
      outboundBytes += Number(s.bytesSent ?? 0);
      outboundPackets += Number(s.packetsSent ?? 0);
    }
  });
  return { rttSeconds, jitterSeconds, counters, inboundBytes, outboundBytes, outboundPackets, concealedSamples, totalSamplesReceived, audioLevel, totalAudioEnergy, mediaPath: selectedCandidateType(report) };
}
