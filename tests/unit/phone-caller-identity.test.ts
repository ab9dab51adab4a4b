import { describe, expect, it } from 'vitest';
import { callerIdentity, inboundCaller, isPresentedNumber, NUMBER_UNAVAILABLE, splitNameAddrs, WITHHELD_NUMBER } from '../../renderer/src/phone/caller-identity';
import { describeEndCause } from '../../renderer/src/phone/end-cause';

describe('caller identity: one reading of every shape carriers and PBXs send', () => {
  it('reads the number from sip:, tel: (as JsSIP reads it) and encoded user parts', () => {
    expect(callerIdentity('sip:+923001234567@carrier.example;user=phone', 'Customer')).toEqual({ number: '+923001234567', presentation: 'allowed', name: 'Customer' });
    expect(callerIdentity('tel:+923001234567;phone-context=+92').number).toBe('+923001234567');
    // JsSIP's reading of <tel:+923001234567;phone-context=+92> (RFC 3261 §19.1.6)
    expect(callerIdentity('sip:+923001234567%3Bphone-context%3D+92@127.0.0.1;user=phone').number).toBe('+923001234567');
    expect(callerIdentity('sip:+92%20300%201234567@carrier.example').number).toBe('+923001234567');
    expect(callerIdentity('sip:0300-123.4567@pbx').number).toBe('03001234567');
    expect(callerIdentity('"Agent" <sip:1001@127.0.0.1;transport=ws>').number).toBe('1001');
    expect(callerIdentity('sip:alice@pbx.example').number).toBe('alice');
  });

  it('keeps a real display name, drops one that only repeats the number', () => {
    expect(callerIdentity('sip:+923001234567@c', 'Nída "N" Hüssain').name).toBe('Nída "N" Hüssain');
    expect(callerIdentity('sip:+923001234567@c', '+92 300 1234567').name).toBeNull();
    expect(callerIdentity('sip:+923001234567@c', '').name).toBeNull();
  });

  it('shows withheld and unavailable numbers as such, never as a number', () => {
    for (const [uri, name] of [
      ['sip:anonymous@anonymous.invalid', 'Anonymous'],
      ['sip:restricted@carrier.example', null],
      ['sip:Private@carrier.example', null],
      ['sip:x@anonymous.invalid', null],
    ] as const) {
      const id = callerIdentity(uri, name);
      expect(id).toEqual({ number: WITHHELD_NUMBER, presentation: 'withheld', name: null });
      expect(isPresentedNumber(id.number)).toBe(false);
    }
    expect(callerIdentity('sip:unavailable@carrier.example', 'Unavailable').number).toBe(NUMBER_UNAVAILABLE);
    expect(callerIdentity('sip:unknown@carrier.example').presentation).toBe('unavailable');
    expect(callerIdentity('sip:carrier.example').presentation).toBe('unavailable');
    expect(isPresentedNumber('+923001234567')).toBe(true);
  });
});

describe('end causes in agent words', () => {
  it('translates SIP final answers and JsSIP causes; nothing raw gets through', () => {
    expect(describeEndCause('SIP Failure Code', false, 422)).toBe('Failed — the line refused the call timer');
    expect(describeEndCause('Unavailable', false, 503)).toBe('Failed — the line is out of service');
    expect(describeEndCause('SIP Failure Code', false, 499)).toBe('Failed — the line refused the call');
    expect(describeEndCause('WebRTC Error', true)).toBe('Failed — audio could not be set up');
    expect(describeEndCause('Something New In JsSIP 4', false)).toBe('Failed');
    expect(describeEndCause('Terminated', true, null)).toBe('Hung up');
    expect(describeEndCause('Canceled', false, 487)).toBe('Cancelled');
  });
});

describe('P-Asserted-Identity (RFC 3325): the caller behind an anonymous From', () => {
  const anonymous = callerIdentity('sip:anonymous@anonymous.invalid', 'Anonymous');
  const pai = (assertedIdentity: string | null, privacy: string | null = null) => ({ assertedIdentity, privacy });

  it('shows the asserted number and name when the From withholds it', () => {
    expect(inboundCaller(anonymous, pai('"Customer" <sip:+923001234567@pbx.example;user=phone>'))).toEqual({ number: '+923001234567', presentation: 'allowed', name: 'Customer' });
    expect(inboundCaller(anonymous, pai('<tel:+92 300 1234567>')).number).toBe('+923001234567');
    expect(inboundCaller(callerIdentity('sip:unavailable@carrier.example'), pai('sip:03001234567@pbx.example')).number).toBe('03001234567');
  });

  it('takes the first usable of a sip: and a tel: value (RFC 3325 §9.1 allows both)', () => {
    expect(inboundCaller(anonymous, pai('<sip:anonymous@pbx.example>, "A, B" <tel:+923001234567>'))).toEqual({ number: '+923001234567', presentation: 'allowed', name: 'A, B' });
  });

  it('keeps a presented From, a Privacy: id request and an unusable assertion as they were', () => {
    const from = callerIdentity('sip:+923007654321@carrier.example', 'Caller');
    expect(inboundCaller(from, pai('<sip:+923001234567@pbx.example>'))).toBe(from);
    expect(inboundCaller(anonymous, pai('<sip:+923001234567@pbx.example>', 'id'))).toBe(anonymous);
    expect(inboundCaller(anonymous, pai('<sip:+923001234567@pbx.example>', 'header; id'))).toBe(anonymous);
    expect(inboundCaller(anonymous, pai('<sip:anonymous@anonymous.invalid>'))).toBe(anonymous);
    expect(inboundCaller(anonymous, pai(null))).toBe(anonymous);
  });

  it('splits name-addrs only at commas outside quotes and brackets', () => {
    expect(splitNameAddrs('"Doe, \\"J\\"" <sip:1@a>, <tel:+1;x=a,b>')).toEqual(['"Doe, \\"J\\"" <sip:1@a>', '<tel:+1;x=a,b>']);
  });
});
