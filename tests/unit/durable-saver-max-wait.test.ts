/**
 * DurableSaver (renderer/src/shared/durable-saver.ts) while the agent types without pausing: a
 * save goes out at least every MAX_UNSAVED_MS, not only after the pause (issue 16 A3). The
 * clock is faked so "never pauses" is exact; the save is a stub that commits at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DurableSaver, MAX_UNSAVED_MS } from '../../renderer/src/shared/durable-saver';

afterEach(() => vi.useRealTimers());

describe('DurableSaver under continuous typing', () => {
  it('saves at least every MAX_UNSAVED_MS while keystrokes come every 100 ms, and the last text after the pause', async () => {
    vi.useFakeTimers();
    const saves: Array<{ at: number; value: string }> = [];
    const start = Date.now();
    const saver = new DurableSaver<string>(
      (value) => {
        saves.push({ at: Date.now() - start, value });
        return Promise.resolve({ ok: true, value: { savedAt: new Date().toISOString() } });
      },
      (a, b) => a === b,
      null,
      250,
    );
    let text = '';
    for (let t = 0; t < 3000; t += 100) {
      text += 'x';
      saver.change(text);
      await vi.advanceTimersByTimeAsync(100);
    }
    // Saves during the burst, never further apart than the cap (plus one keystroke's granularity).
    expect(saves.length).toBeGreaterThanOrEqual(3000 / MAX_UNSAVED_MS - 1);
    const gaps = saves.map((s, i) => s.at - (saves[i - 1]?.at ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_UNSAVED_MS + 100);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves.at(-1)?.value).toBe(text);
    expect(saver.state.kind).toBe('saved');
    saver.dispose();
  });
});
