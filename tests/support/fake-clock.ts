import type { Clock } from '../../src/core/clock';

/** A clock that moves only when the test says so, firing the core's timers on the way. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];

  constructor(start: Date | string = '2026-11-26T09:00:00.000Z') {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = ++this.seq;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((x) => x.id !== next.id);
      this.t = next.at;
      next.fn();
    }
    this.t = target;
  }

  /**
   * Moves time forward firing nothing: a laptop asleep. Node's timers run on the monotonic clock,
   * which stands still during suspend, so a deadline that fell due in the night fires late — or,
   * here, only when something looks again on waking.
   */
  sleepThrough(ms: number): void {
    this.t += ms;
    for (const timer of this.timers) timer.at += ms;
  }

  iso(offsetMs = 0): string {
    return new Date(this.t + offsetMs).toISOString();
  }
}
