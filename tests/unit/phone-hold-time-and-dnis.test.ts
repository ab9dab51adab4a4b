import { describe, expect, it } from 'vitest';
import { holdAfter, holdSecondsOf, NO_HOLD } from '../../src/core/calls/hold-time';
import { dialedNumber, userPartOf } from '../../renderer/src/phone/calls/dialed-number';

describe('hold time per call', () => {
  it('adds each hold → resume and closes an open hold at the end', () => {
    let hold = holdAfter(NO_HOLD, 'on-hold', '2026-11-23T10:00:00.000Z');
    expect(hold).toEqual({ holdMs: 0, heldSince: '2026-11-23T10:00:00.000Z' });
    expect(holdAfter(hold, 'on-hold', '2026-11-23T10:00:05.000Z')).toBe(hold);
    hold = holdAfter(hold, 'resumed', '2026-11-23T10:00:20.500Z');
    expect(hold).toEqual({ holdMs: 20_500, heldSince: null });
    hold = holdAfter(holdAfter(hold, 'on-hold', '2026-11-23T10:01:00.000Z'), 'ended', '2026-11-23T10:01:10.000Z');
    expect(hold).toEqual({ holdMs: 30_500, heldSince: null });
    expect(holdSecondsOf(hold.holdMs)).toBe(31);
  });

  it('ignores steps that are not about hold, a resume without a hold, and a clock that ran backwards', () => {
    for (const event of ['ringing', 'answered', 'resumed', 'ended'] as const) expect(holdAfter(NO_HOLD, event, '2026-11-23T10:00:00Z')).toBe(NO_HOLD);
    const held = holdAfter(NO_HOLD, 'on-hold', '2026-11-23T10:00:10.000Z');
    expect(holdAfter(held, 'resumed', '2026-11-23T10:00:00.000Z')).toEqual({ holdMs: 0, heldSince: null });
  });
});

describe('dialed number (DNIS) of an inbound call', () => {
  const forwarded = { to: 'sip:1001@pbx.example.com', requestUri: 'sip:x8k2j4@abc123.invalid;transport=ws' };

  it('takes P-Called-Party-ID first, in the shapes PBXs and IMS cores send', () => {
    expect(dialedNumber({ ...forwarded, calledPartyId: '<sip:+18005550100@pbx.example.com;user=phone>' })).toBe('+18005550100');
    expect(dialedNumber({ ...forwarded, calledPartyId: '"Sales line" <tel:+1-800-555-0100;phone-context=+1>' })).toBe('+1-800-555-0100');
    expect(dialedNumber({ ...forwarded, calledPartyId: 'sip:0800123456@carrier.example' })).toBe('0800123456');
  });

  it('falls back to the To header, which proxies leave as the caller dialed, then the Request-URI', () => {
    expect(dialedNumber({ calledPartyId: null, to: 'sip:+442079460958@pbx.example.com', requestUri: 'sip:abc@agent.invalid' })).toBe('+442079460958');
    expect(dialedNumber({ calledPartyId: '<urn:service:sos>', to: '<sip:pbx.example.com>', requestUri: 'sip:5000@pbx.example.com' })).toBe('5000');
    expect(dialedNumber({ calledPartyId: null, to: 'garbage', requestUri: '' })).toBe('');
  });

  it('decodes the user part and keeps a stray percent sign as sent', () => {
    expect(userPartOf('<sip:%2B92%20300%201234567@pbx>')).toBe('+92 300 1234567');
    expect(userPartOf('sip:100%@pbx')).toBe('100%');
    expect(userPartOf('sips:7000@pbx.example.com:5061;transport=tls')).toBe('7000');
  });
});
