/**
 * Media recovery: an ICE restart (a re-INVITE with fresh ICE credentials, RFC 8445 §9) carries a
 * call over a network change or a dropped path, where JsSIP alone would leave it silent.
 */
import type { CallTable } from '../calls/call-table';

/** 'disconnected' often heals by itself within a second or two; restart only if it has not by then. */
const DISCONNECTED_GRACE_MS = 1500;

export class IceRestarter {
  private readonly graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private restarts = 0;

  constructor(
    private readonly calls: CallTable,
    /** Whether signalling can carry a re-INVITE now (the SIP socket is up). */
    private readonly canSignal: () => boolean,
  ) {}

  /** ICE restarts made on all calls since the page loaded. */
  get count(): number {
    return this.restarts;
  }

  onIceState(id: string, state: RTCIceConnectionState): void {
    const call = this.calls.get(id);
    if (!call) return;
    if (state === 'connected' || state === 'completed') return this.clearGrace(id);
    if (state === 'failed') this.restart(id, 'ICE failed');
    if (state === 'disconnected' && !this.graceTimers.has(id)) {
      this.graceTimers.set(
        id,
        setTimeout(() => {
          this.graceTimers.delete(id);
          const pc = call.session.connection;
          if (pc && (pc.iceConnectionState === 'disconnected' || pc.iceConnectionState === 'failed')) this.restart(id, 'ICE disconnected');
        }, DISCONNECTED_GRACE_MS),
      );
    }
  }

  /** Restarts ICE on every established call: the signalling socket was replaced under them. */
  restartAll(why: string): void {
    for (const [id, call] of this.calls.entries()) if (call.session.isEstablished()) this.restart(id, why);
  }

  restart(id: string, why: string): void {
    const call = this.calls.get(id);
    if (!call || !this.canSignal() || !call.session.isEstablished() || !call.session.isReadyToReOffer()) return;
    console.info(`[phone] ICE restart on call ${id}: ${why}`);
    this.restarts += 1;
    // Only iceRestart: the call has its audio transceiver, and the legacy offerToReceiveAudio would
    // add a second audio m-line while the agent holds (media/negotiated-hold.ts).
    call.session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }, () => undefined);
  }

  forget(id: string): void {
    this.clearGrace(id);
  }

  private clearGrace(id: string): void {
    const timer = this.graceTimers.get(id);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(id);
  }
}
