/** The line to the SIP server from keepalive pings: round trips and losses → MOS → good/fair/poor. */
import { describe, expect, it } from 'vitest';
import { addPing, assessLine, describeLine, LINE_WINDOW, type PingOutcome } from '../../renderer/src/phone/stats/line-quality';

const pings = (...rtts: (number | null)[]): PingOutcome[] => rtts.reduce<PingOutcome[]>((w, rttMs) => addPing(w, { rttMs }), []);

describe('line quality', () => {
  it('says nothing until a few pings are in', () => {
    expect(assessLine(pings(20, 22))).toBeNull();
  });

  it('a quiet home line is good', () => {
    expect(assessLine(pings(30, 35, 28, 40, 33))).toMatchObject({ level: 'good', rttMs: 33, lossPercent: 0 });
  });

  it('a long, jumpy path is fair, then poor as it grows (G.114: one way beyond 400 ms is unacceptable)', () => {
    expect(assessLine(pings(450, 520, 480, 500, 470))?.level).toBe('fair');
    expect(assessLine(pings(1400, 1450, 1420, 1500, 1380))?.level).toBe('poor');
  });

  it('unanswered pings make the line poor even when the answered ones are quick', () => {
    const line = assessLine(pings(30, null, 32, null, 31, null));
    expect(line).toMatchObject({ level: 'poor', lossPercent: 50 });
    expect(assessLine(pings(null, null, null))).toMatchObject({ level: 'poor', rttMs: null, lossPercent: 100 });
  });

  it('keeps only the last minute of pings: a line that recovered is good again', () => {
    const window = pings(...Array.from({ length: LINE_WINDOW }, () => 1500), ...Array.from({ length: LINE_WINDOW }, () => 30));
    expect(window).toHaveLength(LINE_WINDOW);
    expect(assessLine(window)?.level).toBe('good');
  });

  it('says its numbers in words for the tooltip', () => {
    const line = assessLine(pings(30, 50, 40));
    expect(line && describeLine(line)).toMatch(/round trip 40 ms, jitter 15 ms, 0 % unanswered \(last 3 checks\); estimated MOS 4\.\d/);
  });
});
