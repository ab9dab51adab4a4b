import { describe, expect, it } from 'vitest';
import { SESSION_CACHE_MAX_ENTRIES, SessionCache } from '../../src/server/session-cache';

describe('the session cache of token checks', () => {
  it('trusts a row for its ttl only, and a renewal does not extend it', () => {
    let now = 0;
    const cache = new SessionCache<{ lastUsed: number }>(5_000, () => now);
    cache.set('a', { lastUsed: 1 });
    now = 4_999;
    expect(cache.get('a')).toEqual({ lastUsed: 1 });
    cache.update('a', { lastUsed: 2 });
    now = 5_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps nothing with a ttl of 0, and forgets a token or everything on demand', () => {
    const off = new SessionCache<number>(0);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
    const cache = new SessionCache<number>(60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.forget('a');
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 2]);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });

  it('holds at most SESSION_CACHE_MAX_ENTRIES rows, dropping the oldest', () => {
    const cache = new SessionCache<number>(60_000);
    for (let i = 0; i <= SESSION_CACHE_MAX_ENTRIES; i++) cache.set(String(i), i);
    expect(cache.size).toBe(SESSION_CACHE_MAX_ENTRIES);
    expect(cache.get('0')).toBeUndefined();
    expect(cache.get(String(SESSION_CACHE_MAX_ENTRIES))).toBe(SESSION_CACHE_MAX_ENTRIES);
  });
});
