import { describe, expect, it } from 'vitest';
import { Heartbeat, type CallRecord } from '../../src/contract';
import { HeartbeatSender, heartbeatOf, type HeartbeatFacts } from '../../src/core/sync/heartbeat';
import { FakeClock } from '../support/fake-clock';

const facts = (over: Partial<HeartbeatFacts> = {}): HeartbeatFacts => ({
  presence: { state: 'Available', reason: null, since: '2026-11-26T08:00:00.000Z' },
  phone: { registration: 'registered', failure: null, activeCalls: 0, at: '2026-11-26T08:00:00.000Z' },
  openCall: null,
  environment: { network: 'online', power: 'battery', batteryPercent: 55, powerAlert: 'none', battery: { lowPercent: 15, criticalPercent: 7 }, idleAway: null },
  pendingMutations: 2,
  handRaised: false,
  line: { level: null, mos: null },
  ...over,
});

describe('heartbeatOf', () => {
  it('is a valid heartbeat that carries only the last 4 digits of the customer', () => {
    const call = {
      id: '7a0b7c3e-1111-4111-a111-111111111111', direction: 'inbound', localNumber: '100', remoteNumber: '03001234567', remoteE164: '+923001234567',
      contactId: null, contactName: 'Someone', startedAt: '2026-11-26T08:59:00.000Z', answeredAt: null, endedAt: null, endCause: null, campaignId: 'renewals', disposition: null,
    } as unknown as CallRecord;
    const beat = Heartbeat.parse(heartbeatOf(facts({ openCall: call })));
    expect(beat.call).toEqual({ direction: 'inbound', numberLast4: '4567', startedAt: call.startedAt, answeredAt: null, campaignId: 'renewals' });
    expect(JSON.stringify(beat)).not.toContain('300123');
    expect(JSON.stringify(beat)).not.toContain('Someone');
    expect(beat).toMatchObject({ power: 'battery', batteryPercent: 55, pendingMutations: 2, network: 'unknown', mos: null });
  });

  it("carries the phone engine's line quality and MOS to one decimal, and 'offline' without a MOS when the host is offline", () => {
    expect(Heartbeat.parse(heartbeatOf(facts({ line: { level: 'fair', mos: 3.6437 } })))).toMatchObject({ network: 'fair', mos: 3.6 });
    const offline = facts({ line: { level: 'good', mos: 4.4 } });
    expect(Heartbeat.parse(heartbeatOf({ ...offline, environment: { ...offline.environment, network: 'offline' } }))).toMatchObject({ network: 'offline', mos: null });
  });
});

describe('HeartbeatSender', () => {
  it('beats on start, on the interval, and soon after a change (merged); stops with the socket', () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    let n = 0;
    const sender = new HeartbeatSender(clock, () => heartbeatOf(facts({ pendingMutations: ++n })), (text) => {
      sent.push((JSON.parse(text) as { pendingMutations: number }).pendingMutations);
      return true;
    });
    sender.changed(); // not started: nothing
    clock.advance(100);
    expect(sent).toEqual([]);
    sender.start(5000);
    expect(sent).toEqual([1]);
    clock.advance(5000);
    expect(sent).toEqual([1, 2]);
    sender.changed();
    sender.changed();
    clock.advance(HeartbeatSender.MERGE_MS);
    expect(sent).toEqual([1, 2, 3]);
    // The interval restarts from the last beat.
    clock.advance(4999);
    expect(sent).toEqual([1, 2, 3]);
    clock.advance(1);
    expect(sent).toEqual([1, 2, 3, 4]);
    sender.stop();
    sender.changed();
    clock.advance(20_000);
    expect(sent).toEqual([1, 2, 3, 4]);
  });
});
