import { describe, expect, it } from 'vitest';
import { callerIdentity } from '../../renderer/src/phone/caller-identity';
import { normalizeDialTarget } from '../../renderer/src/phone/dial-target';
import { assessQuality, estimateMos, intervalLoss } from '../../renderer/src/phone/stats/quality';

describe('call quality (E-model MOS)', () => {
  it('a clean LAN call is good, a lossy long-haul call is poor', () => {
    expect(estimateMos({ rttSeconds: 0.002, jitterSeconds: 0.001, lossFraction: 0 })).toBeGreaterThan(4.3);
    expect(assessQuality({ rttSeconds: 0.002, jitterSeconds: 0.001, lossFraction: 0 }).level).toBe('good');
    expect(assessQuality({ rttSeconds: 0.6, jitterSeconds: 0.06, lossFraction: 0.1 }).level).toBe('poor');
  });

  it('MOS falls as loss rises and stays within 1..4.5', () => {
    const at = (loss: number) => estimateMos({ rttSeconds: 0.05, jitterSeconds: 0.005, lossFraction: loss });
    expect(at(0)).toBeGreaterThan(at(0.02));
    expect(at(0.02)).toBeGreaterThan(at(0.1));
    expect(at(1)).toBeGreaterThanOrEqual(1);
    expect(estimateMos({ rttSeconds: null, jitterSeconds: null, lossFraction: null })).toBeLessThanOrEqual(4.5);
  });

  it('loss is measured over the interval, not since the call began', () => {
    expect(intervalLoss(null, { packetsReceived: 90, packetsLost: 10 })).toBeCloseTo(0.1);
    expect(intervalLoss({ packetsReceived: 90, packetsLost: 10 }, { packetsReceived: 190, packetsLost: 10 })).toBe(0);
    expect(intervalLoss({ packetsReceived: 90, packetsLost: 10 }, { packetsReceived: 90, packetsLost: 10 })).toBeNull();
  });
});

describe('dial targets from the dialpad, click-to-dial and tel:/sip: links', () => {
  it('normalizes numbers and links onto the account domain', () => {
    expect(normalizeDialTarget('1002', 'pbx.example.com')).toBe('sip:1002@pbx.example.com');
    expect(normalizeDialTarget(' +44 (20) 7946-0958 ', 'pbx')).toBe('sip:+442079460958@pbx');
    expect(normalizeDialTarget('tel:+92-300-1234567;phone-context=x', 'pbx')).toBe('sip:+923001234567@pbx');
    expect(normalizeDialTarget('sip:1003@other.example', 'pbx')).toBe('sip:1003@other.example');
    expect(normalizeDialTarget('SIP:1003', 'pbx')).toBe('sip:1003@pbx');
    expect(normalizeDialTarget('*72#', 'pbx')).toBe('sip:*72#@pbx');
  });

  it('refuses what cannot be dialled', () => {
    expect(normalizeDialTarget('', 'pbx')).toBeNull();
    expect(normalizeDialTarget('call me', 'pbx')).toBeNull();
    expect(normalizeDialTarget('tel:', 'pbx')).toBeNull();
  });

  it('shows the user part as the number', () => {
    expect(callerIdentity('sip:1001@127.0.0.1').number).toBe('1001');
    expect(callerIdentity('"Agent" <sip:+4420@pbx;transport=ws>').number).toBe('+4420');
  });
});
