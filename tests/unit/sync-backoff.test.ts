import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/core/sync/engine';

describe('sync backoff', () => {
  it('doubles from the base up to the cap', () => {
    const top = () => 1 - Number.EPSILON;
    const steps = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => Math.round(backoffDelay(n, DEFAULT_BACKOFF, top)));
    expect(steps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('jitters between half and all of the step', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(2000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(3000);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, DEFAULT_BACKOFF, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    expect(new Set(delays.map((d) => Math.round(d / 100))).size).toBeGreaterThan(20);
  });
});
