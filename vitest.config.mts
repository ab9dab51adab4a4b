import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/fault/**/*.test.ts'],
    environment: 'node',
    // A real PostgreSQL for the sync tests: fresh databases per run, a throwaway cluster if none is reachable.
    globalSetup: ['tests/setup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native SQLite handles and child processes: isolate test files in forks.
    pool: 'forks',
  },
});
