import { describe, expect, it } from 'vitest';
import type { BoardAgent, BoardState } from '../../src/contract';
import { clockIn, formatDuration, maskedNumber, mergeAgents, stateCounts, visibleAgents } from '../../console/src/board/board-view';

let n = 0;
const agent = (displayName: string, state: BoardState, stateSince: string | null): BoardAgent => ({
  agentId: `00000000-0000-4000-a000-00000000000${++n}`,
  username: displayName.toLowerCase(),
  displayName,
  teamIds: [],
  state,
  beat: null,
  heardAt: null,
  stateSince,
});

const hina = agent('Hina', 'Available', '2026-11-30T09:00:00Z');
const omar = agent('Omar', 'Lagged', '2026-11-30T09:05:00Z');
const zara = agent('Zara', 'Break', '2026-11-30T08:40:00Z');
const ali = agent('Ali', 'Available', '2026-11-30T08:50:00Z');
const all = [hina, omar, zara, ali];

describe('board view', () => {
  it('counts every state in the board’s order, Lagged first', () => {
    const counts = stateCounts(all);
    expect(counts[0]).toEqual({ state: 'Lagged', count: 1 });
    expect(counts.find((c) => c.state === 'Available')?.count).toBe(2);
    expect(counts.find((c) => c.state === 'On call')?.count).toBe(0);
  });
  it('filters by state and sorts by state, name or time in state', () => {
    expect(visibleAgents(all, null, 'state').map((a) => a.displayName)).toEqual(['Omar', 'Ali', 'Hina', 'Zara']);
    expect(visibleAgents(all, 'Available', 'name').map((a) => a.displayName)).toEqual(['Ali', 'Hina']);
    expect(visibleAgents(all, null, 'time-in-state').map((a) => a.displayName)).toEqual(['Zara', 'Ali', 'Hina', 'Omar']);
  });
  it('merges updates by agent', () => {
    const m = mergeAgents(new Map(all.map((a) => [a.agentId, a])), [{ ...hina, state: 'On call' }]);
    expect(m.get(hina.agentId)?.state).toBe('On call');
    expect(m.size).toBe(4);
  });
  it('formats durations, masked numbers and clocks', () => {
    expect(formatDuration(245)).toBe('4:05');
    expect(formatDuration(3729)).toBe('1:02:09');
    expect(maskedNumber('4567')).toBe('•••• 4567');
    expect(maskedNumber('')).toBe('withheld');
    expect(clockIn('Asia/Karachi', new Date('2026-11-30T09:00:00Z'))).toBe('14:00');
    expect(clockIn('America/New_York', new Date('2026-11-30T09:00:00Z'))).toBe('04:00');
  });
});
