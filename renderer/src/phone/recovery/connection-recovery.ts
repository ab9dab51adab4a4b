/**
 * Carries out what the recovery machine decides: timers, the OPTIONS ping, connecting JsSIP's
 * transport. The decisions live in recovery-machine.ts; this shell only has side effects.
 */
import type { PhoneTuning } from '../phone-tuning';
import type { TransportInternals } from '../connection/jssip-internals';
import { INITIAL_RECOVERY, lineProbeUrl, recoveryTransition, type RecoveryEffect, type RecoveryEvent, type RecoveryState } from './recovery-machine';

/** What recovery needs of the SIP connection. */
export interface RecoveryPort {
  transport(): TransportInternals | null;
  /** The account's SIP WebSocket URLs (ws(s)://), which the line probe asks over http(s); empty before an account. */
  webSocketUrls(): readonly string[];
  /**
   * Sends OPTIONS to the server and calls `settled(true)` on any answer (a SIP error answer still
   * proves the path works), `settled(false)` on a transport failure. Returns false when it could
   * not send (no UA, not connected).
   */
  sendPing(settled: (alive: boolean) => void): boolean;
  /** A ping sent settled: its round trip in ms, or null when it went unanswered (the line-quality window). */
  pingSettled?(rttMs: number | null): void;
  /** REGISTER now if the policy wants the phone registered and the socket is open. */
  register(): void;
  /** REGISTER with Expires 0 (no-op when not registered). */
  unregister(): void;
}

/** A timer that fires late by more than this means the laptop slept (the timer ticks every second). */
const RESUME_GAP_MS = 5000;

/**
 * The window event the clock-jump watchdog dispatches (detail: { gapMs }), and the engine hears as
 * a resume. A test that cannot put a headless page to sleep dispatches the same event.
 */
export const CLOCK_JUMP_EVENT = 'agent:clock-jump';

/** One wake is often reported twice (Electron's 'resume' and the clock jump): the second within this is the same wake. */
const RESUME_DEDUPE_MS = 3000;

/**
 * A line probe unanswered this long (ms) is abandoned: a blackholed line keeps its SYN unanswered
 * for ever. Long enough for a GET's two round trips (connect, request) on a 600 ms satellite RTT
 * plus a busy server.
 */
const LINE_PROBE_TIMEOUT_MS = 2000;

/**
 * At most this many line probes out at once: probes go every 100–250 ms without waiting for the
 * previous one, and Chromium keeps only 6 connections per host open (the rest would queue behind
 * the hung ones); a probe due beyond this is skipped — the ones still out answer first anyway.
 */
const LINE_PROBES_OUT_MAX = 4;

export class ConnectionRecovery {
  private state: RecoveryState = INITIAL_RECOVERY;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;
  private pingTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped when a ping is abandoned, so its late answer is ignored. */
  private pingGeneration = 0;
  /** Why the current ping was sent, for the log line if it goes unanswered. */
  private pingReason = '';
  /** The line probes still out; aborted when the retry they belong to is cancelled. */
  private readonly lineProbes = new Set<AbortController>();

  constructor(
    private readonly port: RecoveryPort,
    private readonly tuning: PhoneTuning,
  ) {}

  /** Nobody wants the socket: the UA is stopped or about to be. */
  get stopped(): boolean {
    return this.state.phase === 'stopped';
  }

  dispatch(event: RecoveryEvent, why: string = event.type): void {
    const step = recoveryTransition(this.state, event, { fastReconnect: this.tuning.fastReconnect }, Math.random());
    this.state = step.state;
    for (const effect of step.effects) this.perform(effect, why);
  }

  /** Something outside says the network may be back (online event, resume): check now. */
  kick(why: string): void {
    this.dispatch({ type: 'kick' }, why);
  }

  /** When the last wake was handled (ms since epoch), for the resume → registered figure; null before any. */
  lastResumeAt: number | null = null;

  /** The laptop is going to sleep: stop the keepalive and retries; unregister if no call is live. */
  suspend(callLive: boolean): void {
    this.dispatch({ type: 'suspend', callLive }, 'going to sleep');
  }

  /** The laptop woke: REGISTER at once whatever the socket looks like (recovery-machine.ts RESUME_TRANSITIONS). */
  resume(why: string, callLive: boolean, now = Date.now()): void {
    if (this.lastResumeAt !== null && now - this.lastResumeAt < RESUME_DEDUPE_MS) return;
    this.lastResumeAt = now;
    const transport = this.port.transport();
    console.info(`[phone] resumed (${why}): registering again at once`);
    this.dispatch({ type: 'resume', socketOpen: transport?.isConnected() ?? false, callLive }, why);
  }

  /**
   * A one-second timer that fires far too late means the laptop slept (or the clock jumped): it
   * dispatches CLOCK_JUMP_EVENT, which the engine treats as a resume.
   */
  watchForClockJumps(): void {
    let last = Date.now();
    setInterval(() => {
      const now = Date.now();
      const gapMs = now - last;
      last = now;
      if (gapMs > RESUME_GAP_MS) window.dispatchEvent(new CustomEvent(CLOCK_JUMP_EVENT, { detail: { gapMs } }));
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
        // Only the timer: the line probe this step may just have sent must stay out.
        this.clearRetryTimer();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.dispatch({ type: 'retry-due' });
        }, effect.delayMs);
        return;
      case 'probe-line':
        return this.probeLine();
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
      case 'register-now':
        return this.port.register();
      case 'unregister':
        return this.port.unregister();
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

  private clearRetryTimer(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private cancelRetry(): void {
    this.clearRetryTimer();
    for (const probe of this.lineProbes) probe.abort();
    this.lineProbes.clear();
  }

  /**
   * Asks the SIP server's HTTP listener whether the line is back, without a WebSocket (whose
   * failures Chromium's throttle counts: recovery-machine.ts RECONNECT_SCHEDULE). Any HTTP answer —
   * Kamailio's 404, a 426, an opaque no-cors response — is 'line-answered'; a network error or the
   * timeout is nothing (the next check is already scheduled). no-cors: the server sends no CORS
   * headers and nothing of the answer is read; no-store and no credentials: nothing cached, no
   * cookies sent. The page's CSP lets it reach only https: and loopback http:
   * (src/contract/content-security-policy.ts).
   */
  private probeLine(): void {
    // JsSIP's own backstop reconnect (2–30 s random) would open a WebSocket the throttle counts; our checks replace it.
    const transport = this.port.transport();
    if (transport?.recovery_timer) {
      clearTimeout(transport.recovery_timer);
      transport.recovery_timer = null;
    }
    for (const url of this.port.webSocketUrls().map(lineProbeUrl)) {
      if (url === null || this.lineProbes.size >= LINE_PROBES_OUT_MAX) continue;
      const probe = new AbortController();
      this.lineProbes.add(probe);
      const timer = setTimeout(() => probe.abort(), LINE_PROBE_TIMEOUT_MS);
      fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer', signal: probe.signal })
        .then(
          () => {
            if (!this.lineProbes.has(probe)) return;
            console.info(`[phone] line probe answered (${url}): reconnecting`);
            this.dispatch({ type: 'line-answered' });
          },
          () => undefined,
        )
        .finally(() => {
          clearTimeout(timer);
          this.lineProbes.delete(probe);
        });
    }
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
    const sentAt = performance.now();
    const settle = (alive: boolean) => {
      if (generation !== this.pingGeneration) return;
      this.abandonPing();
      this.port.pingSettled?.(alive ? performance.now() - sentAt : null);
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
