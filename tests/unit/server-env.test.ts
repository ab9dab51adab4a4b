import { describe, expect, it } from 'vitest';
import { readServerEnv } from '../../src/server/server-env';

describe("the sync server's environment (README's settings table)", () => {
  it('reads pools, limits and timeouts as numbers and leaves unset or empty ones to their defaults', () => {
    const env = readServerEnv({ SYNC_PUSH_POOL_SIZE: '12', SYNC_STATEMENT_TIMEOUT_MS: '0', SYNC_TOKEN_CACHE_MS: '2000', SYNC_QUERY_POOL_SIZE: '', PATH: '/usr/bin' });
    expect(env).toMatchObject({ SYNC_PUSH_POOL_SIZE: 12, SYNC_STATEMENT_TIMEOUT_MS: 0, SYNC_TOKEN_CACHE_MS: 2000 });
    expect(env.SYNC_QUERY_POOL_SIZE).toBeUndefined();
    expect(env.SYNC_IDLE_IN_TRANSACTION_TIMEOUT_MS).toBeUndefined();
  });

  it.each([
    ['SYNC_PUSH_POOL_SIZE', '0', 'SYNC_PUSH_POOL_SIZE must be a whole number of connections ≥ 1, not "0"'],
    ['SYNC_DB_CONNECT_TIMEOUT_MS', '1.5', 'SYNC_DB_CONNECT_TIMEOUT_MS must be a whole number of ms ≥ 0, not "1.5"'],
    ['SYNC_TOKEN_CACHE_MS', '-1', 'SYNC_TOKEN_CACHE_MS must be a whole number of ms ≥ 0, not "-1"'],
    ['PORT', '70000', 'PORT must be a TCP port (0–65535), not "70000"'],
    ['CONSOLE_LAG_AFTER_MS', '500', 'CONSOLE_LAG_AFTER_MS must be a whole number of ms ≥ 1000, not "500"'],
    ['SYNC_GLOBAL_PUSH_LOCK', 'yes', 'SYNC_GLOBAL_PUSH_LOCK must be 1 (the benchmark baseline) or 0, not "yes"'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => readServerEnv({ [name]: value })).toThrow(message);
  });
});
