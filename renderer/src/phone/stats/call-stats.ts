/**
 * Call stats: the quality badge of each active call, refreshed every two seconds, and the
 * diagnostics support and the end-to-end tests read. Both read reports through readAudioStats.
 */
import type { CallTable } from '../calls/call-table';
import { assessQuality, intervalLoss, type RtpCounters } from './quality';
import { readAudioStats } from './stats-report';

/** How often the quality badge is refreshed, ms. */
const QUALITY_INTERVAL_MS = 2000;

export interface CallDiagnostics {
  readonly id: string;
  readonly phase: string;
  /** Wall-clock ms when the engine first saw the call (the INVITE sent or received). */
  readonly startedAt: number;
  readonly inboundBytes: number;
  readonly outboundBytes: number;
  readonly outboundPackets: number;
  readonly concealedSamples: number;
  readonly totalSamplesReceived: number;
  /** The SDP this side applied from the far end (what shapes its own encoder). */
  readonly remoteSdp: string | null;
  readonly audioLevel: number | null;
  readonly totalAudioEnergy: number | null;
  readonly currentDirection: string | null;
  readonly senderTrackEnabled: boolean | null;
  readonly senderTrackLabel: string | null;
  /** The output device the call's audio element plays to ('' = system default). */
  readonly sinkId: string | null;
  readonly iceConnectionState: string | null;
  readonly dtmfTonesPlayed: string;
  /** ICE restarts this engine made, on all calls since the page loaded. */
  readonly iceRestarts: number;
  /** The local candidate type of the pair carrying the audio: host, srflx (through NAT) or relay (TURN). */
  readonly mediaPath: string | null;
}

export class CallStats {
  /** The previous reading's packet counters per call, for the loss over the last interval. */
  private readonly lastCounters = new Map<string, RtpCounters | null>();

  constructor(private readonly calls: CallTable) {}

  /** Polls the call's stats until it ends. */
  start(id: string): void {
    const tick = async () => {
      const call = this.calls.get(id);
      if (!call) return;
      const pc = call.session.connection;
      if (pc) {
        const stats = readAudioStats(await pc.getStats());
        const loss = stats.counters ? intervalLoss(this.lastCounters.get(id) ?? null, stats.counters) : null;
        this.lastCounters.set(id, stats.counters);
        this.calls.patch(id, () => ({
          quality: assessQuality({ rttSeconds: stats.rttSeconds, jitterSeconds: stats.jitterSeconds, lossFraction: loss }),
          mediaPath: stats.mediaPath,
        }));
      }
      setTimeout(() => void tick(), QUALITY_INTERVAL_MS);
    };
    void tick();
  }

  forget(id: string): void {
    this.lastCounters.delete(id);
  }

  /** What tests and support read to see the call's media really flowing; no effect on the call. */
  async diagnostics(iceRestarts: number): Promise<CallDiagnostics[]> {
    const out: CallDiagnostics[] = [];
    for (const [id, call] of this.calls.entries()) {
      const pc = call.session.connection;
      const stats = pc ? readAudioStats(await pc.getStats()) : null;
      const transceiver = pc?.getTransceivers()[0];
      const view = this.calls.view(id);
      out.push({
        id,
        phase: view?.phase ?? 'ended',
        startedAt: view?.startedAt ?? 0,
        inboundBytes: stats?.inboundBytes ?? 0,
        outboundBytes: stats?.outboundBytes ?? 0,
        outboundPackets: stats?.outboundPackets ?? 0,
        concealedSamples: stats?.concealedSamples ?? 0,
        totalSamplesReceived: stats?.totalSamplesReceived ?? 0,
        remoteSdp: pc?.remoteDescription?.sdp ?? null,
        audioLevel: stats?.audioLevel ?? null,
        totalAudioEnergy: stats?.totalAudioEnergy ?? null,
        currentDirection: transceiver?.currentDirection ?? null,
        senderTrackEnabled: transceiver?.sender.track ? transceiver.sender.track.enabled : null,
        senderTrackLabel: transceiver?.sender.track?.label ?? null,
        sinkId: (call.audio as HTMLAudioElement & { sinkId?: string }).sinkId ?? null,
        iceConnectionState: pc?.iceConnectionState ?? null,
        dtmfTonesPlayed: call.dtmfTones.join(''),
        iceRestarts,
        mediaPath: stats?.mediaPath ?? null,
      });
    }
    return out;
  }
}
