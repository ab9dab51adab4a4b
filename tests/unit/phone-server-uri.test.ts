import { Utils } from 'jssip';
import { describe, expect, it } from 'vitest';
import { serverAddressOf, serverUriOf } from '../../renderer/src/phone/connection/server-uri';

describe('the SIP server URI the keepalive OPTIONS goes to', () => {
  it('keeps an IP address whole: sip:127.0.0.1, not sip:127001@127.0.0.1', () => {
    const uri = serverUriOf('sip:1001@127.0.0.1');
    expect(uri?.toString()).toBe('sip:127.0.0.1');
    // Stock JsSIP turned the string form into sip:127001@127.0.0.1; the install-time patch
    // (patches/jssip+*.patch) keeps it whole, and a URI object is sent as it is.
    expect(String(Utils.normalizeTarget('sip:127.0.0.1', '127.0.0.1'))).toBe('sip:127.0.0.1');
    expect(Utils.normalizeTarget(uri!, '127.0.0.1')).toBe(uri);
  });

  it('names the server, never a user, whatever the host looks like', () => {
    expect(serverUriOf('sip:1001@pbx.example.com')?.toString()).toBe('sip:pbx.example.com');
    expect(serverUriOf('sip:agent.7@10.20.30.40:5070;transport=ws')?.toString()).toBe('sip:10.20.30.40:5070');
    expect(serverUriOf('sips:1001@[2001:db8::1]:5061')?.toString()).toBe('sips:[2001:db8::1]:5061');
    expect(serverUriOf('SIP:+923001234567@carrier.example.net')?.toString()).toBe('sip:carrier.example.net');
  });

  it('reads scheme, host and port apart, and gives nothing for what has no server', () => {
    expect(serverAddressOf('sip:1001@pbx.example.com:5070')).toEqual({ scheme: 'sip', host: 'pbx.example.com', port: 5070 });
    expect(serverAddressOf('sip:1001@127.0.0.1')).toEqual({ scheme: 'sip', host: '127.0.0.1' });
    expect(serverAddressOf('tel:+923001234567')).toBeNull();
    expect(serverAddressOf('sip:1001@pbx:99999')).toBeNull();
    expect(serverAddressOf('')).toBeNull();
  });
});
