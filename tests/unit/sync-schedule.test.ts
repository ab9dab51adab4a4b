import { describe, expect, it } from 'vitest';
import { horizonRetryDelay, initialSchedule, nextSchedule, type ScheduleConfig, type ScheduleEvent, type ScheduleState, type Step } from '../../src/core/sync/schedule';

const config: ScheduleConfig = { pushDelayMs: 150, backoff: { baseMs: 1000, maxMs: 60_000 } };

/** Runs events from `state`, returning each step (the schedule is pure: no clock, no timers). */
function run(state: ScheduleState, ...events: ScheduleEvent[]): Step[] {
  const steps: Step[] = [];
  let s = state;
  for (const e of events) {
    const next = nextSchedule(config, s, e);
    steps.push(next);
    s = next.state;
  }
  return steps;
}
const last = (steps: Step[]) => steps[steps.length - 1]!;
const signedIn = last(run(initialSchedule, { type: 'signed-in', at: 0 }, { type: 'timer' }, { type: 'attempt-ok', at: 10, outboxEmpty: true })).state;

describe('sync schedule', () => {
  it('signing in opens the poke socket and tries at once', () => {
    expect(nextSchedule(config, initialSchedule, { type: 'signed-in', at: 1000 }).effects).toEqual([
      { type: 'connect-poke', at: 1000 },
      { type: 'arm', at: 1000 },
    ]);
  });

  it('schedules nothing while signed out', () => {
    for (const e of [{ type: 'local-change', at: 5 }, { type: 'wanted', at: 5 }, { type: 'network', online: true, at: 5 }] as const) {
      expect(nextSchedule(config, initialSchedule, e).effects).toEqual([]);
    }
  });

  it('pushes a burst of local changes once, pushDelayMs after the first', () => {
    const [a, b, c] = run(signedIn, { type: 'local-change', at: 100 }, { type: 'local-change', at: 120 }, { type: 'local-change', at: 200 });
    expect(a?.effects).toEqual([{ type: 'arm', at: 250 }]);
    expect(b?.effects).toEqual([]);
    expect(c?.effects).toEqual([]);
    expect(c?.state.due).toBe(250);
  });

  it('a sooner request re-arms the timer earlier; a later one does not', () => {
    const [a, b, c] = run(signedIn, { type: 'local-change', at: 100 }, { type: 'wanted', at: 110 }, { type: 'local-change', at: 120 });
    expect(a?.effects).toEqual([{ type: 'arm', at: 250 }]);
    expect(b?.effects).toEqual([{ type: 'arm', at: 110 }]);
    expect(c?.effects).toEqual([]);
  });

  it('runs one attempt at a time; a request during one runs another right after it', () => {
    const steps = run(
      signedIn,
      { type: 'wanted', at: 0 },
      { type: 'timer' },
      { type: 'now' },
      { type: 'attempt-ok', at: 50, outboxEmpty: true },
      { type: 'attempt-ok', at: 90, outboxEmpty: true },
    );
    expect(steps.map((s) => s.effects)).toEqual([
      [{ type: 'arm', at: 0 }],
      [{ type: 'disarm' }, { type: 'attempt' }],
      [],
      [{ type: 'attempt' }],
      [{ type: 'succeeded' }, { type: 'synced' }],
    ]);
    expect(last(steps).state.running).toBe(false);
  });

  it('tries again at once when the outbox is not empty after an attempt', () => {
    const [, , ok] = run(signedIn, { type: 'wanted', at: 0 }, { type: 'timer' }, { type: 'attempt-ok', at: 70, outboxEmpty: false });
    expect(ok?.effects).toEqual([{ type: 'succeeded' }, { type: 'arm', at: 70 }]);
  });

  it('backs off with jitter after failures, ignores local changes meanwhile, and retries at once when the network is back', () => {
    const steps = run(
      signedIn,
      { type: 'now' },
      { type: 'attempt-failed', at: 1000, jitter: 0 },
      { type: 'timer' },
      { type: 'attempt-failed', at: 2000, jitter: 0.5 },
      { type: 'local-change', at: 2100 },
      { type: 'network', online: true, at: 2200 },
    );
    expect(steps[1]?.effects).toEqual([{ type: 'backing-off', retryInMs: 500 }, { type: 'arm', at: 1500 }]);
    expect(steps[3]?.effects).toEqual([{ type: 'backing-off', retryInMs: 1500 }, { type: 'arm', at: 3500 }]);
    expect(steps[3]?.state.failures).toBe(2);
    expect(steps[4]?.effects).toEqual([]);
    expect(steps[5]?.effects).toEqual([{ type: 'arm', at: 2200 }, { type: 'connect-poke', at: 2200 }]);
    expect(steps[5]?.state.failures).toBe(0);
  });

  it('"sync now" runs whatever the backoff', () => {
    const [, failed, now] = run(signedIn, { type: 'now' }, { type: 'attempt-failed', at: 0, jitter: 0 }, { type: 'now' });
    expect(failed?.state.failures).toBe(1);
    expect(now?.effects).toEqual([{ type: 'disarm' }, { type: 'attempt' }]);
    expect(now?.state.failures).toBe(0);
  });

  it('stops trying when the server ends the session', () => {
    const [, ended, change] = run(signedIn, { type: 'now' }, { type: 'attempt-unauthorized' }, { type: 'local-change', at: 10 });
    expect(ended?.effects).toEqual([{ type: 'close-poke' }, { type: 'disarm' }]);
    expect(ended?.state).toMatchObject({ session: false, running: false });
    expect(change?.effects).toEqual([]);
  });

  it('a dropped poke socket checks the line once at once, then reconnects with its own backoff', () => {
    const [first, second, open] = run(
      signedIn,
      { type: 'poke-closed', at: 1000, jitter: 0 },
      { type: 'poke-closed', at: 2000, jitter: 0 },
      { type: 'poke-open' },
    );
    expect(first?.effects).toEqual([{ type: 'arm', at: 1000 }, { type: 'connect-poke', at: 1500 }]);
    expect(second?.effects).toEqual([{ type: 'connect-poke', at: 3000 }]);
    expect(open?.state.socketFailures).toBe(0);
  });

  it('after stop, nothing is scheduled and a failing attempt does not back off', () => {
    const [, stop, failed, change] = run(signedIn, { type: 'now' }, { type: 'stop' }, { type: 'attempt-failed', at: 0, jitter: 0 }, { type: 'local-change', at: 1 });
    expect(stop?.effects).toEqual([{ type: 'disarm' }, { type: 'close-poke' }]);
    expect(failed?.effects).toEqual([]);
    expect(failed?.state.running).toBe(false);
    expect(change?.effects).toEqual([]);
  });

  it('after sign-out, an attempt that then succeeds ends without reporting a success over the signed-out status, and schedules nothing', () => {
    const [, , out, ok, change] = run(
      signedIn,
      { type: 'now' },
      { type: 'local-change', at: 1 },
      { type: 'signed-out' },
      { type: 'attempt-ok', at: 5, outboxEmpty: true },
      { type: 'local-change', at: 6 },
    );
    expect(out?.state.running).toBe(true);
    expect(ok?.state.running).toBe(false);
    // "synced" still reaches whoever waits for it; "succeeded" would set the status back to no error.
    expect(ok?.effects).toEqual([{ type: 'synced' }]);
    expect(change?.effects).toEqual([]);
  });

  it('after stop, an attempt that then succeeds only ends: nothing scheduled, no success reported, no rerun', () => {
    const [, , stop, ok, change] = run(
      signedIn,
      { type: 'now' },
      { type: 'local-change', at: 1 },
      { type: 'stop' },
      { type: 'attempt-ok', at: 5, outboxEmpty: false, behindHorizon: true },
      { type: 'local-change', at: 6 },
    );
    expect(stop?.state.running).toBe(true);
    // The engine's stop() waits for running to go false: it must, or stop() waits for ever.
    expect(ok?.state.running).toBe(false);
    expect(ok?.effects).toEqual([]);
    expect(change?.effects).toEqual([]);
  });

  it('pulls again, with a growing wait, while the server serves pulls short of its horizon; a complete pull ends it', () => {
    const [, short1, , short2, , complete] = run(
      signedIn,
      { type: 'now' },
      { type: 'attempt-ok', at: 100, outboxEmpty: true, behindHorizon: true },
      { type: 'timer' },
      { type: 'attempt-ok', at: 1200, outboxEmpty: true, behindHorizon: true },
      { type: 'timer' },
      { type: 'attempt-ok', at: 3300, outboxEmpty: true },
    );
    // Not synced yet (waiters keep waiting), and another pull is armed: no poke will come for what was held back.
    expect(short1?.effects).toEqual([{ type: 'succeeded' }, { type: 'arm', at: 1100 }]);
    expect(short2?.effects).toEqual([{ type: 'succeeded' }, { type: 'arm', at: 3200 }]);
    expect(complete?.effects).toEqual([{ type: 'succeeded' }, { type: 'synced' }]);
    expect(complete?.state.shortPulls).toBe(0);
  });

  it('the re-pull wait doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(horizonRetryDelay)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('sync schedule: the line back after a cut', () => {
  it('a successful attempt reopens a poke socket still waiting out its backoff, so the next cut is noticed at once', () => {
    const cut = run(signedIn, { type: 'poke-closed', at: 100, jitter: 0.5 }, { type: 'timer' }, { type: 'attempt-failed', at: 110, jitter: 0.5 }, { type: 'poke-closed', at: 900, jitter: 0.5 }).at(-1)!.state;
    expect(cut.socketFailures).toBe(2);
    const [, back] = run(cut, { type: 'timer' }, { type: 'attempt-ok', at: 2000, outboxEmpty: true });
    expect(back?.effects).toEqual([{ type: 'succeeded' }, { type: 'connect-poke', at: 2000 }, { type: 'synced' }]);
  });

  it('an attempt with the poke socket up opens nothing more', () => {
    const [, ok] = run(signedIn, { type: 'wanted', at: 0 }, { type: 'attempt-ok', at: 5, outboxEmpty: true });
    expect(ok?.effects).toEqual([{ type: 'succeeded' }, { type: 'synced' }]);
  });
});
