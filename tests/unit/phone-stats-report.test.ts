import { describe, expect, it } from 'vitest';
import { readAudioStats } from '../../renderer/src/phone/stats/stats-report';

/** A getStats() report as Chromium gives it for an audio call relayed through TURN (trimmed). */
const report = (entries: Record<string, unknown>[]) => new Map(entries.map((e) => [String(e.id), e]));

describe('phone stats report reader', () => {
  it('reads RTT, jitter, loss counters, bytes, packets, concealment, level and the media path from one report', () => {
    const stats = readAudioStats(
      report([
        { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
        { id: 'CP1', type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.042, localCandidateId: 'L1' },
        { id: 'L1', type: 'local-candidate', candidateType: 'relay' },
        { id: 'RI1', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.09 },
        {
          id: 'I1',
          type: 'inbound-rtp',
          kind: 'audio',
          jitter: 0.003,
          packetsReceived: 480,
          packetsLost: 20,
          bytesReceived: 9600,
          audioLevel: 0.2,
          totalAudioEnergy: 1.5,
          concealedSamples: 960,
          totalSamplesReceived: 48000,
        },
        { id: 'O1', type: 'outbound-rtp', kind: 'audio', bytesSent: 9100, packetsSent: 500 },
        { id: 'V1', type: 'inbound-rtp', kind: 'video', bytesReceived: 99999 },
      ]),
    );
    expect(stats).toEqual({
      rttSeconds: 0.042,
      jitterSeconds: 0.003,
      counters: { packetsReceived: 480, packetsLost: 20 },
      inboundBytes: 9600,
      outboundBytes: 9100,
      outboundPackets: 500,
      concealedSamples: 960,
      totalSamplesReceived: 48000,
      audioLevel: 0.2,
      totalAudioEnergy: 1.5,
      mediaPath: 'relay',
    });
  });

  it('falls back to remote-inbound-rtp for RTT and knows nothing before media flows', () => {
    expect(readAudioStats(report([{ id: 'RI1', type: 'remote-inbound-rtp', roundTripTime: 0.09 }])).rttSeconds).toBe(0.09);
    expect(readAudioStats(report([]))).toEqual({
      rttSeconds: null,
      jitterSeconds: null,
      counters: null,
      inboundBytes: 0,
      outboundBytes: 0,
      outboundPackets: 0,
      concealedSamples: 0,
      totalSamplesReceived: 0,
      audioLevel: null,
      totalAudioEnergy: null,
      mediaPath: null,
    });
  });
});
