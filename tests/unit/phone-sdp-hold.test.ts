import { describe, expect, it } from 'vitest';
import { holdDirection, negotiatedHold, normalizeRemoteSdp, remoteAudioDirection } from '../../renderer/src/phone/media/sdp-hold';

/** A WebRTC-shaped far-end SDP (what SIPp and PBXs with ICE send), with the hold lines given. */
function sdp(opts: { session?: string[]; media?: string[]; c?: string; port?: number; ice?: boolean } = {}): string {
  return [
    'v=0',
    'o=- 4242 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    ...(opts.session ?? []),
    `m=audio ${opts.port ?? 9} UDP/TLS/RTP/SAVPF 111`,
    `c=IN IP4 ${opts.c ?? '127.0.0.1'}`,
    ...(opts.ice === false ? [] : ['a=ice-ufrag:sipp', 'a=ice-pwd:sippsippsippsippsippsipp']),
    'a=mid:0',
    ...(opts.media ?? []),
    'a=rtpmap:111 opus/48000/2',
    '',
  ].join('\r\n');
}

describe('hold as the far end says it (RFC 3264 §5.1, §8.4; RFC 6337)', () => {
  it('reads a=sendonly / a=inactive / a=recvonly / a=sendrecv on the m-line', () => {
    for (const d of ['sendonly', 'inactive', 'recvonly', 'sendrecv'] as const) expect(remoteAudioDirection(sdp({ media: [`a=${d}`] }))).toBe(d);
    expect(remoteAudioDirection(sdp())).toBe('sendrecv');
  });

  it('copies a session-level direction to m-lines without their own, and lets the m-line win', () => {
    const session = normalizeRemoteSdp(sdp({ session: ['a=sendonly'] }));
    expect(session.split('m=audio')[1]).toContain('a=sendonly');
    expect(remoteAudioDirection(sdp({ session: ['a=inactive'] }))).toBe('inactive');
    expect(remoteAudioDirection(sdp({ session: ['a=sendonly'], media: ['a=sendrecv'] }))).toBe('sendrecv');
  });

  it('reads c=0.0.0.0 as the RFC 2543 hold: sendrecv → sendonly, recvonly → inactive', () => {
    expect(remoteAudioDirection(sdp({ c: '0.0.0.0', port: 6000, media: ['a=sendrecv'] }))).toBe('sendonly');
    expect(remoteAudioDirection(sdp({ c: '0.0.0.0', port: 6000 }))).toBe('sendonly');
    expect(remoteAudioDirection(sdp({ c: '0.0.0.0', port: 6000, media: ['a=recvonly'] }))).toBe('inactive');
    // Session-level c= counts too, and plain RTP (no ICE) on port 9 is still a hold.
    const sessionC = sdp({ session: ['c=IN IP4 0.0.0.0'], ice: false }).replace('c=IN IP4 127.0.0.1\r\n', '');
    expect(remoteAudioDirection(sessionC)).toBe('sendonly');
  });

  it('does not read the ICE placeholder (0.0.0.0 port 9, RFC 8840) as a hold', () => {
    expect(remoteAudioDirection(sdp({ c: '0.0.0.0', port: 9 }))).toBe('sendrecv');
  });

  it('leaves an SDP with nothing to say as it was, byte for byte, and keeps its line endings', () => {
    const plain = sdp({ media: ['a=sendonly'] });
    expect(normalizeRemoteSdp(plain)).toBe(plain);
    const lf = sdp({ c: '0.0.0.0', port: 6000 }).replaceAll('\r\n', '\n');
    expect(normalizeRemoteSdp(lf)).not.toContain('\r');
    expect(normalizeRemoteSdp(lf).endsWith('\n')).toBe(true);
  });

  it('leaves rejected m-lines (port 0) alone', () => {
    const withVideo = `${sdp({ session: ['a=sendonly'] })}m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n`;
    expect(normalizeRemoteSdp(withVideo).split('m=video')[1]).not.toContain('a=sendonly');
  });
});

describe('the call hold state from what was negotiated', () => {
  it('the agent holds: sendonly wanted; the far end holds us when we do not get to send', () => {
    expect(negotiatedHold(holdDirection(false), 'sendrecv')).toEqual({ held: false, remoteHeld: false });
    expect(negotiatedHold(holdDirection(false), 'recvonly')).toEqual({ held: false, remoteHeld: true });
    expect(negotiatedHold(holdDirection(false), 'inactive')).toEqual({ held: false, remoteHeld: true });
    expect(negotiatedHold(holdDirection(true), 'sendonly')).toEqual({ held: true, remoteHeld: false });
    // Both hold (RFC 6337 §5.3).
    expect(negotiatedHold(holdDirection(true), 'inactive')).toEqual({ held: true, remoteHeld: true });
    expect(negotiatedHold(holdDirection(false), null)).toEqual({ held: false, remoteHeld: false });
  });
});
