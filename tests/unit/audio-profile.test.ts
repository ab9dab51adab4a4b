/** Low-bandwidth audio as SDP: Opus capped with FEC and DTX, 60 ms packets, video always refused. */
import { describe, expect, it } from 'vitest';
import { effectiveAudioProfile, shapeSdp } from '../../renderer/src/phone/media/audio-profile';

const CHROME_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ptime:20',
  '',
].join('\r\n');

/** A far end (e.g. a PBX offering video) with Opus and no fmtp line for it. */
const PBX_OFFER = [
  'v=0',
  'o=pbx 1 1 IN IP4 192.0.2.1',
  's=call',
  'c=IN IP4 192.0.2.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 96 0 101',
  'a=rtpmap:96 opus/48000/2',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'm=video 40002 RTP/AVP 97',
  'a=rtpmap:97 H264/90000',
  '',
].join('\n');

describe('audio profile', () => {
  it('auto goes low-bandwidth only on a poor line; a setting is a setting', () => {
    expect(effectiveAudioProfile('auto', 'poor')).toBe('low-bandwidth');
    expect(effectiveAudioProfile('auto', 'fair')).toBe('standard');
    expect(effectiveAudioProfile('auto', null)).toBe('standard');
    expect(effectiveAudioProfile('low-bandwidth', 'good')).toBe('low-bandwidth');
    expect(effectiveAudioProfile('standard', 'poor')).toBe('standard');
  });

  it("caps Chrome's Opus at 16 kbit/s with FEC and DTX and 60 ms packets, keeping its other parameters and codecs", () => {
    const shaped = shapeSdp(CHROME_OFFER, 'low-bandwidth');
    expect(shaped).toContain('a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=16000;usedtx=1\r\n');
    expect(shaped).toContain('a=fmtp:63 111/111\r\n');
    expect(shaped).toContain('a=rtpmap:126 telephone-event/8000');
    expect(shaped).not.toContain('a=ptime:20');
    expect(shaped.match(/a=ptime:60/g)).toHaveLength(1);
    expect(shaped).toContain('a=maxptime:60');
  });

  it('adds the fmtp line an Opus payload lacks, leaves other fmtp lines, and refuses video', () => {
    const shaped = shapeSdp(PBX_OFFER, 'low-bandwidth');
    expect(shaped).toContain('a=fmtp:96 maxaveragebitrate=16000;useinbandfec=1;usedtx=1');
    expect(shaped).toContain('a=fmtp:101 0-16');
    expect(shaped).toContain('m=video 0 RTP/AVP 97');
    // The audio section's additions stay in the audio section.
    expect(shaped.indexOf('a=ptime:60')).toBeLessThan(shaped.indexOf('m=video'));
  });

  it('standard keeps the audio as it was and still refuses video', () => {
    expect(shapeSdp(CHROME_OFFER, 'standard')).toBe(CHROME_OFFER);
    const shaped = shapeSdp(PBX_OFFER, 'standard');
    expect(shaped).toContain('m=video 0 RTP/AVP 97');
    expect(shaped).toContain('a=rtpmap:96 opus/48000/2');
    expect(shaped).not.toContain('maxaveragebitrate');
  });

  it('returns text that is not SDP unchanged', () => {
    expect(shapeSdp('', 'low-bandwidth')).toBe('');
    expect(shapeSdp('hello', 'low-bandwidth')).toBe('hello');
  });
});
