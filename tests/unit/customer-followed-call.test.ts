/**
 * Which call the customer panel follows (renderer/src/customer/followed-call.ts): the newest live
 * call in any direction; back to the held call when a consultation ends; nothing new to show on
 * a followed call's own updates or when the last call ends.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/contract';
import { followCall, NO_CALLS, type FollowedCalls } from '../../renderer/src/customer/followed-call';

const rec = (id: string, direction: 'inbound' | 'outbound', ended = false): CallRecord => ({
  id,
  direction,
  localNumber: '1002',
  remoteNumber: `+92300000000${id.length}`,
  remoteE164: null,
  contactId: null,
  contactName: null,
  startedAt: '2026-11-30T10:00:00.000Z',
  answeredAt: null,
  endedAt: ended ? '2026-11-30T10:01:00.000Z' : null,
  endCause: null,
  campaignId: null,
  disposition: null,
  holdSeconds: 0,
  outcome: null,
});

function run(events: CallRecord[]): Array<string | null> {
  let s: FollowedCalls = NO_CALLS;
  return events.map((e) => {
    const r = followCall(s, e);
    s = r.state;
    return r.show?.id ?? null;
  });
}

describe('followCall', () => {
  it('follows a new call in either direction, once', () => {
    expect(run([rec('in', 'inbound'), rec('in', 'inbound'), rec('in', 'inbound', true), rec('out', 'outbound'), rec('out', 'outbound', true)])).toEqual([
      'in',
      null,
      null,
      'out',
      null,
    ]);
  });
  it('returns to the held customer when the consultation call ends', () => {
    expect(run([rec('customer', 'inbound'), rec('consult', 'outbound'), rec('consult', 'outbound', true), rec('customer', 'inbound', true)])).toEqual([
      'customer',
      'consult',
      'customer',
      null,
    ]);
  });
  it('an ended call it never saw live shows nothing', () => {
    expect(run([rec('x', 'outbound', true)])).toEqual([null]);
  });
});
