/**
 * A text field at its contract limit (issue 15 A1, issue 16 A4): the counter shows from 80 %,
 * and a paste that does not fit keeps what fits, never what was already typed, and says what it cut.
 */
import { describe, expect, it } from 'vitest';
import { COUNTER_FROM, describeCut, fitPaste, limitCounter } from '../../renderer/src/shared/text-limit';

describe('limitCounter', () => {
  it('is silent below 80 % of the limit and counts from there', () => {
    expect(COUNTER_FROM).toBe(0.8);
    expect(limitCounter(1_599, 2_000)).toBeNull();
    expect(limitCounter(1_600, 2_000)).toBe('1,600 / 2,000');
    expect(limitCounter(1_999, 2_000)).toBe('1,999 / 2,000');
    expect(limitCounter(2_000, 2_000)).toBe('2,000 / 2,000: limit reached');
  });
});

describe('fitPaste', () => {
  it('inserts all of a paste that fits', () => {
    expect(fitPaste('Hello world', 5, 5, ',', 20)).toEqual({ value: 'Hello, world', caret: 6, cut: '' });
  });
  it('keeps what was typed, adds what fits of the paste and returns the rest', () => {
    expect(fitPaste('abcdef', 3, 3, '0123456789', 10)).toEqual({ value: 'abc0123def', caret: 7, cut: '456789' });
  });
  it('counts the selection it replaces as free room', () => {
    expect(fitPaste('abcdefghij', 2, 8, 'XYZ', 10)).toEqual({ value: 'abXYZij', caret: 5, cut: '' });
    expect(fitPaste('abcdefghij', 0, 10, 'x'.repeat(12), 10)).toEqual({ value: 'x'.repeat(10), caret: 10, cut: 'xx' });
  });
  it('adds nothing at the limit and cuts the whole paste', () => {
    expect(fitPaste('full', 4, 4, 'more', 4)).toEqual({ value: 'full', caret: 4, cut: 'more' });
  });
  it('never splits a surrogate pair (an emoji) at the limit', () => {
    const r = fitPaste('abc', 3, 3, 'd😀e', 5);
    expect(r).toEqual({ value: 'abcd', caret: 4, cut: '😀e' });
  });
  it('100 KB pasted into a 20,000-character note keeps 20,000 and names the rest', () => {
    const paste = 'n'.repeat(100_000);
    const r = fitPaste('', 0, 0, paste, 20_000);
    expect(r.value).toHaveLength(20_000);
    expect(r.cut).toHaveLength(80_000);
    expect(describeCut(r.cut, paste.length, 20_000)).toBe(
      `The pasted text was too long for this field (limit 20,000 characters): 20,000 of 100,000 characters were added; the last 80,000, starting “${'n'.repeat(40)}…”, were not.`,
    );
  });
});
