import { describe, expect, it } from 'vitest';
import { dtmfRoute, negotiatedAudio } from '../../renderer/src/phone/calls/dtmf-route';

/** An audio m-line with these payload types and rtpmap lines. */
const sdp = (payloads: string, ...rtpmaps: string[]) =>
  ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', `m=audio 9 UDP/TLS/RTP/SAVPF ${payloads}`, 'c=IN IP4 127.0.0.1', ...rtpmaps.map((r) => `a=rtpmap:${r}`), ''].join('\r\n');

describe('negotiatedAudio', () => {
  it('reads the send codec (the first real codec) and the telephone-event rates', () => {
    expect(negotiatedAudio(sdp('111 126', '111 opus/48000/2', '126 telephone-event/8000'))).toEqual({ sendClockRate: 48000, telephoneEventRates: [8000] });
    expect(negotiatedAudio(sdp('63 111 110 126', '63 red/48000/2', '111 opus/48000/2', '110 telephone-event/48000', '126 telephone-event/8000'))).toEqual({
      sendClockRate: 48000,
      telephoneEventRates: [48000, 8000],
    });
  });

  it('knows static payload types without rtpmap (RFC 3551)', () => {
    expect(negotiatedAudio(sdp('0 101', '101 telephone-event/8000'))).toEqual({ sendClockRate: 8000, telephoneEventRates: [8000] });
  });

  it('finds no send codec without an audio line', () => {
    expect(negotiatedAudio('v=0\r\nm=video 9 RTP/AVP 96\r\n')).toEqual({ sendClockRate: null, telephoneEventRates: [] });
  });

  it('reads only the first audio section', () => {
    const two = `${sdp('111', '111 opus/48000/2')}m=audio 9 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n`;
    expect(negotiatedAudio(two)).toEqual({ sendClockRate: 48000, telephoneEventRates: [] });
  });
});

describe('dtmfRoute', () => {
  it('RFC 4733 when the far end takes telephone-event on the send codec clock', () => {
    expect(dtmfRoute('rfc4733', { sendClockRate: 48000, telephoneEventRates: [48000, 8000] })).toBe('rfc4733');
    expect(dtmfRoute('rfc4733', { sendClockRate: 8000, telephoneEventRates: [8000] })).toBe('rfc4733');
  });

  it('SIP INFO for Opus beside telephone-event/8000 only (RFC 4733 §2.1)', () => {
    expect(dtmfRoute('rfc4733', { sendClockRate: 48000, telephoneEventRates: [8000] })).toBe('info');
  });

  it('SIP INFO when the far end offers no telephone-event, or no audio', () => {
    expect(dtmfRoute('rfc4733', { sendClockRate: 48000, telephoneEventRates: [] })).toBe('info');
    expect(dtmfRoute('rfc4733', { sendClockRate: null, telephoneEventRates: [] })).toBe('info');
  });

  it('the account setting SIP INFO wins', () => {
    expect(dtmfRoute('info', { sendClockRate: 48000, telephoneEventRates: [48000] })).toBe('info');
  });
});
