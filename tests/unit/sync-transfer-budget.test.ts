import { describe, expect, it } from 'vitest';
import { DURING_CALL, transferBudget } from '../../src/core/sync/transfer-budget';
import { initialSchedule, nextSchedule, type ScheduleConfig, type ScheduleEvent, type ScheduleState, type Step } from '../../src/core/sync/schedule';

const sizes = { pushBatchSize: 500, pushBatchBytes: 4 * 1024 * 1024, pullPageSize: 1000 };

describe('transfer budget: bulk sync waits while a call is live (issue 14 item 5)', () => {
  it('off a call, pushes and pulls go whole, at the engine sizes', () => {
    expect(transferBudget({ callLive: false, cursor: 0 }, sizes)).toEqual({
      push: { maxCount: 500, maxBytes: 4 * 1024 * 1024, maxRequests: null, strictBytes: false },
      pull: { pageSize: 1000, maxPages: null },
    });
    expect(transferBudget({ callLive: false, cursor: 'x12.40' }, sizes).pull).toEqual({ pageSize: 1000, maxPages: null });
  });

  it('on a call, one small push request and one small page; a bigger change waits rather than going alone', () => {
    const b = transferBudget({ callLive: true, cursor: 'x12.40' }, sizes);
    expect(b.push).toEqual({ maxCount: DURING_CALL.pushCount, maxBytes: DURING_CALL.pushBytes, maxRequests: 1, strictBytes: true });
    expect(b.pull).toEqual({ pageSize: DURING_CALL.pullPageSize, maxPages: 1 });
  });

  it('on a call, a first sync (nothing pulled yet) waits whole', () => {
    expect(transferBudget({ callLive: true, cursor: 0 }, sizes).pull).toBeNull();
    // An old numeric cursor past 0 is not a first sync.
    expect(transferBudget({ callLive: true, cursor: 7 }, sizes).pull).toEqual({ pageSize: DURING_CALL.pullPageSize, maxPages: 1 });
  });

  it('never asks for more than the engine was configured to send', () => {
    const b = transferBudget({ callLive: true, cursor: 7 }, { pushBatchSize: 10, pushBatchBytes: 1024, pullPageSize: 20 });
    expect(b.push).toMatchObject({ maxCount: 10, maxBytes: 1024 });
    expect(b.pull).toEqual({ pageSize: 20, maxPages: 1 });
  });
});

const config: ScheduleConfig = { pushDelayMs: 150, backoff: { baseMs: 1000, maxMs: 60_000 } };
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
const signedIn = run(initialSchedule, { type: 'signed-in', at: 0 }, { type: 'timer' }, { type: 'attempt-ok', at: 10, outboxEmpty: true }).at(-1)!.state;

describe('sync schedule: an attempt a live call held back', () => {
  it('is not retried at once (that would spin through the call), and releases no "synced" waiter', () => {
    const [, , held] = run(signedIn, { type: 'wanted', at: 0 }, { type: 'timer' }, { type: 'attempt-ok', at: 70, outboxEmpty: false, deferred: true });
    expect(held?.effects).toEqual([{ type: 'succeeded' }]);
    expect(held?.state).toMatchObject({ running: false, deferred: true, due: null });
  });

  it('runs again as soon as the call ends, once', () => {
    const steps = run(signedIn, { type: 'wanted', at: 0 }, { type: 'timer' }, { type: 'attempt-ok', at: 70, outboxEmpty: false, deferred: true }, { type: 'call-ended', at: 90 }, { type: 'call-ended', at: 95 });
    expect(steps[3]?.effects).toEqual([{ type: 'arm', at: 90 }]);
    expect(steps[3]?.state.deferred).toBe(false);
    expect(steps[4]?.effects).toEqual([]);
  });

  it('a call ending with nothing held back schedules nothing', () => {
    expect(nextSchedule(config, signedIn, { type: 'call-ended', at: 5 }).effects).toEqual([]);
  });

  it('small changes made during the call still push soon', () => {
    const [, , , change] = run(signedIn, { type: 'wanted', at: 0 }, { type: 'timer' }, { type: 'attempt-ok', at: 70, outboxEmpty: false, deferred: true }, { type: 'local-change', at: 100 });
    expect(change?.effects).toEqual([{ type: 'arm', at: 250 }]);
  });
});
