import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';

export { startBrowserHost, type RunningHost } from '../../support/host-process';

/**
 * A fresh profile folder: inside the running test's output folder, which Playwright clears at
 * the start of every run (so repeated runs don't fill /tmp), or under /tmp outside a test.
 */
export function newDataDir(): string {
  let parent = os.tmpdir();
  try {
    parent = test.info().outputPath();
    fs.mkdirSync(parent, { recursive: true });
  } catch {
    // not inside a test (the phone bench): /tmp it is
  }
  return fs.mkdtempSync(path.join(parent, 'agent-e2e-'));
}
