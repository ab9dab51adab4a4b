/**
 * Carries out what the recovery machine decides: timers, the OPTIONS ping, connecting JsSIP's
 * transport. The decisions live in recovery-machine.ts; this shell only has side effects.
 */
import type { PhoneTuning } from '../phone-tuning';
import type { TransportInternals } from '../connection/jssip-internals';
import { INITIAL_RECOVERY, recoveryTransition, type RecoveryEffect, type RecoveryEvent, type RecoveryState } from './recovery-machine';

/** What recovery needs of the SIP connection. */
export interface RecoveryPort {
  transport(): TransportInternals | null;
  /**
   * Sends OPTIONS to the server and calls `settled(true)` on any answer (a SIP error answer still
   * proves the path works), `settled(false)` on a transport failure. Returns false when it could
   * not send (no UA, not connected).
   */
  sendPing(settled: (alive: boolean) => void): boolean;
}

/** A timer that fires late by more than this means the laptop slept (the timer ticks every second). */
const RESUME_GAP_MS = 5000;

export class ConnectionRecovery {
  private state: RecoveryState = INITIAL_RECOVERY;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;
  private pingTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped when a ping is abandoned, so its late answer is ignored. */
  private pingGeneration = 0;
  /** Why the current ping was sent, for the log line if it goes unanswered. */
  private pingReason = '';

  constructor(
    private readonly port: RecoveryPort,
    private readonly tuning: PhoneTuning,
  ) {}

  /** Nobody wants the socket: the UA is stopped or about to be. */
  get stopped(): boolean {
    return this.state.phase === 'stopped';
  }

  dispatch(event: RecoveryEvent, why: string = event.type): void {
    const step = recoveryTransition(this.state, event, { fastReconnect: this.tuning.fastReconnect });
    this.state = step.state;
    for (const effect of step.effects) this.perform(effect, why);
  }

  /** Something outside says the network may be back (online event, resume): check now. */
  kick(why: string): void {
    this.dispatch({ type: 'kick' }, why);
  }

  /** Kicks when a one-second timer fires far too late: the laptop was asleep. */
  watchForResume(): void {
    let last = Date.now();
    setInterval(() => {
      const now = Date.now();
      if (now - last > RESUME_GAP_MS) this.kick('resumed from sleep');
      last = now;
    }, 1000);
  }

  private perform(effect: RecoveryEffect, why: string): void {
    switch (effect.type) {
      case 'connect-now':
        return this.connectNow();
      case 'drop-and-connect': {
        const transport = this.port.transport();
        if (!transport) return;
        console.info(`[phone] reconnecting: ${why}`);
        if (transport.isConnected() || transport.isConnecting()) transport.disconnect();
        return this.connectNow();
      }
      case 'schedule-retry':
        this.cancelRetry();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.dispatch({ type: 'retry-due' });
        }, effect.delayMs);
        return;
      case 'cancel-retry':
        return this.cancelRetry();
      case 'send-ping':
        return this.ping(why);
      case 'start-keepalive':
        this.stopKeepalive();
        if (this.tuning.keepaliveMs) this.keepaliveTimer = setInterval(() => this.dispatch({ type: 'keepalive-due' }, 'keepalive'), this.tuning.keepaliveMs);
        return;
      case 'stop-keepalive':
        return this.stopKeepalive();
    }
  }

  /** Connect at once, replacing JsSIP's pending recovery timer. */
  private connectNow(): void {
    const transport = this.port.transport();
    if (!transport || transport.isConnected() || transport.isConnecting()) return;
    if (transport.recovery_timer) {
      clearTimeout(transport.recovery_timer);
      transport.recovery_timer = null;
    }
    transport.connect();
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
    this.abandonPing();
  }

  private abandonPing(): void {
    this.pingGeneration += 1;
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = null;
  }

  /** OPTIONS to the server: any answer proves the socket alive; silence past the timeout does not. */
  private ping(why: string): void {
    const generation = ++this.pingGeneration;
    this.pingReason = why;
    const settle = (alive: boolean) => {
      if (generation !== this.pingGeneration) return;
      this.abandonPing();
      if (alive) this.dispatch({ type: 'ping-answered' });
      else this.dispatch({ type: 'socket-silent' }, `${this.pingReason}: no answer to OPTIONS`);
    };
    this.pingTimer = setTimeout(() => settle(false), this.tuning.keepaliveTimeoutMs || 2500);
    let sent: boolean;
    try {
      sent = this.port.sendPing(settle);
    } catch {
      return settle(false);
    }
    if (!sent && generation === this.pingGeneration) {
      this.abandonPing();
      this.dispatch({ type: 'ping-not-sent' });
    }
  }
}
