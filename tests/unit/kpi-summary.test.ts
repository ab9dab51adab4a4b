import { describe, expect, it } from 'vitest';
import { startOfLocalDay, summarizeKpis, type KpiCall } from '../../src/core/kpis/kpi-summary';

const at = (hhmmss: string) => `2026-11-26T${hhmmss}.000Z`;
const call = (c: Partial<KpiCall> & Pick<KpiCall, 'direction'>): KpiCall => ({
  answeredAt: null,
  endedAt: null,
  wrapupCompletedAt: null,
  disposition: null,
  endCause: null,
  outcome: null,
  ...c,
});

describe("the agent's figures", () => {
  it('counts calls by kind and averages talk and wrap-up over finished ones only', () => {
    const k = summarizeKpis(at('00:00:00'), [
      call({ direction: 'inbound', answeredAt: at('09:00:05'), endedAt: at('09:04:05'), wrapupCompletedAt: at('09:04:35'), disposition: 'RESOLVED' }),
      call({ direction: 'inbound', answeredAt: at('10:00:00'), endedAt: at('10:02:00'), wrapupCompletedAt: at('10:03:30'), disposition: 'RESOLVED' }),
      call({ direction: 'inbound', endedAt: at('11:00:20') }),
      // refused by the phone while the agent was on Break: not missed
      call({ direction: 'inbound', endedAt: at('11:30:00'), endCause: 'Refused — you were not ready' }),
      call({ direction: 'outbound', answeredAt: at('12:00:00'), endedAt: at('12:01:00') }),
      // still on the line: counted, not averaged
      call({ direction: 'outbound', answeredAt: at('13:00:00') }),
    ]);
    expect(k).toEqual({
      since: at('00:00:00'),
      inbound: 4,
      outbound: 2,
      answered: 4,
      missed: 1,
      averageTalkSeconds: (240 + 120 + 60) / 3,
      averageWrapupSeconds: (30 + 90) / 2,
      dispositions: { RESOLVED: 2 },
    });
  });

  it('has no averages before the first finished call', () => {
    expect(summarizeKpis(at('00:00:00'), [])).toMatchObject({ inbound: 0, outbound: 0, averageTalkSeconds: null, averageWrapupSeconds: null, dispositions: {} });
  });

  it('counts each call by its outcome: an answered call that then failed is answered, a failed one never missed', () => {
    const k = summarizeKpis(at('00:00:00'), [
      // connected, then the network dropped it: answered, with its talk time
      call({ direction: 'inbound', answeredAt: at('09:00:00'), endedAt: at('09:01:00'), endCause: 'The connection dropped', outcome: 'answered' }),
      // media failed before it connected: neither answered nor missed
      call({ direction: 'inbound', endedAt: at('09:10:00'), endCause: 'Call could not be connected', outcome: 'failed' }),
      // the caller hung up while it rang, and one rang out: both missed
      call({ direction: 'inbound', endedAt: at('09:20:00'), outcome: 'abandoned' }),
      call({ direction: 'inbound', endedAt: at('09:30:00'), outcome: 'missed' }),
      // the agent declined: not missed
      call({ direction: 'inbound', endedAt: at('09:40:00'), outcome: 'declined' }),
      // an outbound call the carrier refused, though a 200 was never seen: not answered
      call({ direction: 'outbound', endedAt: at('09:50:00'), endCause: 'The number could not be reached', outcome: 'failed' }),
    ]);
    expect(k).toMatchObject({ inbound: 5, outbound: 1, answered: 1, missed: 2, averageTalkSeconds: 60 });
  });

  it("starts the agent's day at local midnight", () => {
    const start = startOfLocalDay(new Date(2026, 10, 26, 15, 45));
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes()]).toEqual([2026, 10, 26, 0, 0]);
  });
});
