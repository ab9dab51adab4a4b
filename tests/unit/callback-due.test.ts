/** Which callbacks come due, computed from their stored due times. */
import { describe, expect, it } from 'vitest';
import { dueCallbacks, MAX_REMINDER_WAIT_MS } from '../../src/core/callbacks/due';

const now = new Date('2026-11-26T10:00:00.000Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

describe('due callbacks', () => {
  it('reminds of callbacks at or past their time, once each', () => {
    const list = [
      { id: 'a', dueAt: at(-3_600_000) },
      { id: 'b', dueAt: at(0) },
      { id: 'c', dueAt: at(5_000) },
    ];
    expect(dueCallbacks(list, now, new Set())).toEqual({ due: ['a', 'b'], nextCheckMs: 5_000 });
    expect(dueCallbacks(list, now, new Set(['a', 'b']))).toEqual({ due: [], nextCheckMs: 5_000 });
  });

  it('wakes for the next one, but never sleeps longer than the cap', () => {
    expect(dueCallbacks([{ id: 'x', dueAt: at(86_400_000) }], now, new Set()).nextCheckMs).toBe(MAX_REMINDER_WAIT_MS);
    expect(dueCallbacks([], now, new Set())).toEqual({ due: [], nextCheckMs: MAX_REMINDER_WAIT_MS });
  });

  it('accepts offsets other than Z and ignores a time it cannot read', () => {
    expect(dueCallbacks([{ id: 'pk', dueAt: '2026-11-26T14:59:59+05:00' }, { id: 'bad', dueAt: 'soon' }], now, new Set()).due).toEqual(['pk']);
  });
});
