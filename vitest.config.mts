import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/fault/**/*.test.ts'],
    environment: 'node',
    // A real PostgreSQL for the sync tests: fresh databases per run, a throwaway cluster if none is reachable.
    globalSetup: ['tests/setup/postgres.ts'],
    // A cap, not a wait: sized so a busy 2-core CI machine (load average 28 seen) does not fail
    // the long fault tests (320 rounds through a TCP fault proxy: 9 s quiet, over 30 s busy).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Native SQLite handles and child processes: isolate test files in forks.
    pool: 'forks',
  },
});
