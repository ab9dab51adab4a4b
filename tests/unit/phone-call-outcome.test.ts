import { describe, expect, it } from 'vitest';
import { callOutcome, type CallEnd } from '../../renderer/src/phone/calls/call-outcome';

const end = (e: Partial<CallEnd>): CallEnd => ({ direction: 'inbound', answered: false, originator: 'remote', cause: null, statusCode: null, ...e });

describe('call outcome in the field terms', () => {
  it('answered: connected, however it ended afterwards', () => {
    expect(callOutcome(end({ answered: true, cause: 'Bye' }))).toBe('answered');
    // An answered call that then fails is answered, not missed (issue 11).
    expect(callOutcome(end({ answered: true, originator: 'system', cause: 'RTP Timeout' }))).toBe('answered');
    expect(callOutcome(end({ direction: 'outbound', answered: true, originator: 'local', cause: 'WebRTC Error' }))).toBe('answered');
  });

  it('inbound while ringing: the customer hanging up is abandoned, the timer running out missed, the agent refusing declined', () => {
    expect(callOutcome(end({ originator: 'remote', cause: 'Canceled' }))).toBe('abandoned');
    expect(callOutcome(end({ originator: 'local', cause: 'No Answer' }))).toBe('missed');
    expect(callOutcome(end({ originator: 'local', cause: 'Rejected' }))).toBe('declined');
    // DND / Not Ready: the phone answered 486 for the agent.
    expect(callOutcome(end({ originator: 'local', cause: 'Busy' }))).toBe('declined');
  });

  it('outbound: the agent cancelling is abandoned; busy and decline are declined; no answer is missed', () => {
    expect(callOutcome(end({ direction: 'outbound', originator: 'local', cause: 'Canceled' }))).toBe('abandoned');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Busy', statusCode: 486 }))).toBe('declined');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Rejected', statusCode: 603 }))).toBe('declined');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Busy', statusCode: 600 }))).toBe('declined');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Request Timeout', statusCode: 408 }))).toBe('missed');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Unavailable', statusCode: 480 }))).toBe('missed');
  });

  it('failed: errors, the network, media, the phone itself', () => {
    expect(callOutcome(end({ direction: 'outbound', cause: 'SIP Failure Code', statusCode: 503 }))).toBe('failed');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Not Found', statusCode: 404 }))).toBe('failed');
    expect(callOutcome(end({ direction: 'outbound', cause: 'Incompatible SDP', statusCode: 488 }))).toBe('failed');
    expect(callOutcome(end({ originator: 'system', cause: 'Connection Error' }))).toBe('failed');
    expect(callOutcome(end({ originator: 'local', cause: 'User Denied Media Access' }))).toBe('failed');
    expect(callOutcome(end({ originator: 'system', cause: 'WebRTC Error' }))).toBe('failed');
  });
});
