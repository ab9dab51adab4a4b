import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the browser
 * host. The `phone` project makes real WebRTC calls and runs inside a loopback-only network
 * namespace with its own Kamailio (scripts/test.sh starts it there).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  // Caps on waits for events, not waits: a passing test never sits them out. They are sized for a
  // 2-core CI machine that may be busy (a browser host's cold start was seen taking 36 s under load).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'app',
      testMatch: /app\/.*\.spec\.ts/,
      // Real host processes, PostgreSQL and Chromium on a shared 2-core machine: one retry, and
      // scripts/test-summary.mjs names every test that needed it. Two wrap-up submits right after
      // a disposition change (field-limits, team-board) failed under heavy load and not on a quiet
      // run; that is open on issue 16, not hidden here.
      retries: 1,
    },
    {
      // Real WebRTC calls through a real Kamailio: scripts/test.sh runs this project inside a
      // loopback-only network namespace (scripts/sip/netns-run.sh), so media stays on 127.0.0.1.
      name: 'phone',
      testMatch: /phone\/.*\.spec\.ts/,
      timeout: 150_000,
      // Real sockets, real media and a real SIP server on a shared 2-core machine: one retry, and
      // the test summary names every test that needed it (scripts/test-summary.mjs).
      retries: 1,
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            ...CHROMIUM_ARGS,
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
            '--allow-loopback-in-peer-connection',
            '--autoplay-policy=no-user-gesture-required',
          ],
        },
      },
    },
  ],
});
