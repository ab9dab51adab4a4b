/** The knobs that make the phone engine faster than stock JsSIP; the benchmark turns them off to compare. */
export interface PhoneTuning {
  /** OPTIONS ping interval while connected, ms; 0 = none (stock JsSIP sends none). */
  readonly keepaliveMs: number;
  /** How long a ping may go unanswered before the socket is declared dead, ms. */
  readonly keepaliveTimeoutMs: number;
  /** Our own reconnect schedule (recovery/recovery-machine.ts) instead of JsSIP's 2–30 s random backoff. */
  readonly fastReconnect: boolean;
  /** Send the offer this long (ms) after the first ICE candidate even if gathering is not complete; 0 = wait. */
  readonly iceGatherCapMs: number;
}

export const TUNED: PhoneTuning = { keepaliveMs: 4000, keepaliveTimeoutMs: 2500, fastReconnect: true, iceGatherCapMs: 150 };
export const STOCK: PhoneTuning = { keepaliveMs: 0, keepaliveTimeoutMs: 0, fastReconnect: false, iceGatherCapMs: 0 };
