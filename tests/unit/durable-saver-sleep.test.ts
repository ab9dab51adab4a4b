import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/contract';
import { DurableSaver, flushAllSavers } from '../../renderer/src/shared/durable-saver';

/** A store that records what reached it; each save is durable when it resolves. */
function store() {
  const saved: string[] = [];
  const save = (value: string): Promise<Result<{ savedAt: string }>> => {
    saved.push(value);
    return Promise.resolve({ ok: true, value: { savedAt: new Date().toISOString() } });
  };
  return { saved, save };
}

describe('going to sleep saves every pending draft at once (issue 14 item 2)', () => {
  it('flushes a note draft and a wrap-up still waiting for their pause, and leaves saved ones alone', async () => {
    const notes = store();
    const wrapups = store();
    const settled = store();
    // A pause far longer than any test: only the flush can save these.
    const note = new DurableSaver(notes.save, (a, b) => a === b, null, 3_600_000);
    const wrapup = new DurableSaver(wrapups.save, (a, b) => a === b, null, 3_600_000);
    new DurableSaver(settled.save, (a, b) => a === b, { value: 'already saved', savedAt: '2026-11-30T10:00:00.000Z' }, 3_600_000);
    note.change('customer asked for a callback at 5');
    wrapup.change('FOLLOW_UP');

    await expect(flushAllSavers()).resolves.toBe(true);
    expect(notes.saved).toEqual(['customer asked for a callback at 5']);
    expect(wrapups.saved).toEqual(['FOLLOW_UP']);
    expect(settled.saved).toEqual([]);
    expect(note.state.kind).toBe('saved');
    expect(wrapup.state.kind).toBe('saved');
  });
});
