/**
 * The wrap-up form's saving (renderer/src/wrap-up/wrapup-saver.ts). The save is a fake the test
 * answers by hand, because what must be checked is an order the real core can't be made to
 * produce on demand: a save answered while a newer choice is still on its way. The form used to
 * say "Wrap-up saved" then, with the newer choice not stored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result, WrapupState } from '../../src/contract';
import type { SaveState } from '../../renderer/src/shared/durable-saver';
import { createWrapupSaver, type WrapupChoice } from '../../renderer/src/wrap-up/wrapup-saver';

interface PendingSave {
  readonly input: WrapupChoice & { callId: string };
  answer(savedAt: string): void;
}

/** A save the test answers when it chooses; `pending` lists the ones not yet answered, oldest first. */
function fakeSave() {
  const pending: PendingSave[] = [];
  const save = (input: WrapupChoice & { callId: string }) =>
    new Promise<Result<WrapupState>>((resolve) => {
      pending.push({
        input,
        answer: (savedAt) => resolve({ ok: true, value: { disposition: input.disposition, callback: input.callback, savedAt } }),
      });
    });
  return { save, pending };
}

const EMPTY: WrapupChoice = { disposition: null, callback: null };
const RENEWED: WrapupChoice = { disposition: 'RENEWED', callback: null };
const QUOTE: WrapupChoice = { disposition: 'QUOTE_SENT', callback: { dueAt: '2026-12-01T05:00:00.000Z', note: 'send the quote' } };

/** Lets the saver's awaited promises run (no time passes: the timers are fake). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('wrap-up saving', () => {
  it('does not say "saved" while a newer choice is still on its way, and stores the newest', async () => {
    const { save, pending } = fakeSave();
    const saver = createWrapupSaver(save, 'call-1', { choice: EMPTY, savedAt: null }, 250);
    const states: SaveState['kind'][] = [];
    saver.onState((s) => states.push(s.kind));

    saver.change(RENEWED);
    await vi.advanceTimersByTimeAsync(250);
    expect(pending.map((p) => p.input.disposition)).toEqual(['RENEWED']);

    // The agent changes the disposition while the first save is in flight, and the pause passes.
    saver.change(QUOTE);
    await vi.advanceTimersByTimeAsync(250);
    // One save at a time: the newer one waits for the first answer.
    expect(pending).toHaveLength(1);

    pending.shift()!.answer('2026-11-30T20:00:00.000Z');
    await settle();
    expect(saver.state.kind).not.toBe('saved');
    expect(states).not.toContain('saved');

    // Then the newest choice goes, and only its answer makes it "saved".
    expect(pending.map((p) => p.input)).toEqual([{ callId: 'call-1', ...QUOTE }]);
    pending.shift()!.answer('2026-11-30T20:00:01.000Z');
    await settle();
    expect(saver.state).toEqual({ kind: 'saved', at: '2026-11-30T20:00:01.000Z' });
    saver.dispose();
  });

  it('saves once per pause in changes, the last choice', async () => {
    const { save, pending } = fakeSave();
    const saver = createWrapupSaver(save, 'call-1', { choice: EMPTY, savedAt: null }, 250);
    saver.change(RENEWED);
    await vi.advanceTimersByTimeAsync(100);
    saver.change(QUOTE);
    await vi.advanceTimersByTimeAsync(249);
    expect(pending).toHaveLength(0);
    expect(saver.state.kind).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(1);
    expect(pending.map((p) => p.input.disposition)).toEqual(['QUOTE_SENT']);
    saver.dispose();
  });

  it('opens as saved with what was restored, and saves nothing until it changes', async () => {
    const { save, pending } = fakeSave();
    const saver = createWrapupSaver(save, 'call-1', { choice: QUOTE, savedAt: '2026-11-30T19:00:00.000Z' }, 250);
    expect(saver.state).toEqual({ kind: 'saved', at: '2026-11-30T19:00:00.000Z' });
    saver.change({ disposition: 'QUOTE_SENT', callback: { dueAt: '2026-12-01T05:00:00.000Z', note: 'send the quote' } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(pending).toHaveLength(0);
    saver.dispose();
  });

  it('reports a refused save, and the next change saves again', async () => {
    const pending: Array<(r: Result<WrapupState>) => void> = [];
    const saver = createWrapupSaver(
      () => new Promise<Result<WrapupState>>((resolve) => pending.push(resolve)),
      'call-1',
      { choice: EMPTY, savedAt: null },
      250,
    );
    saver.change(RENEWED);
    await vi.advanceTimersByTimeAsync(250);
    pending.shift()!({ ok: false, error: { code: 'NOT_FOUND', message: 'No open wrap-up for this call.' } });
    await settle();
    expect(saver.state).toEqual({ kind: 'failed', error: { code: 'NOT_FOUND', message: 'No open wrap-up for this call.' } });
    saver.change(QUOTE);
    await vi.advanceTimersByTimeAsync(250);
    expect(pending).toHaveLength(1);
    saver.dispose();
  });
});
