import { describe, expect, it } from 'vitest';
import { numberNormalizer, toE164 } from '../../src/core/contacts/phone-number';

describe('reading phone numbers in the workstation\'s default country', () => {
  it('reads national numbers as Pakistani unless IT sets another country', () => {
    expect(numberNormalizer()('0322 4942043')).toBe('+923224942043');
    expect(toE164('0322-4942043')).toBe('+923224942043');
    const uk = numberNormalizer('gb');
    expect(uk('020 7946 0958')).toBe('+442079460958');
    // A number with its country code means the same whatever the default.
    expect(uk('+92 322 4942043')).toBe('+923224942043');
  });

  it('reads SIP identities and refuses what is no phone number', () => {
    expect(toE164('sip:03224942043@pbx.example')).toBe('+923224942043');
    expect(toE164('1002')).toBeNull();
    expect(toE164('anonymous')).toBeNull();
  });

  it('refuses a default country it cannot read numbers in, with a typed error', () => {
    expect(() => numberNormalizer('Pakistan')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
