import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { createDemoFileVault } from '../../src/core/vault/demo-file-vault';

export function tempDir(prefix = 'agent-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The options of a demo profile's core in `dataDir`; a test overrides what it is about (sync, clock, log). */
export function demoCoreOptions(dataDir: string, overrides: Partial<CoreOptions> = {}): CoreOptions {
  return {
    dataDir,
    profile: 'demo',
    demo: true,
    vault: createDemoFileVault(dataDir),
    app: { name: 'Agent Workstation', version: '0.0.0-test', host: 'browser' },
    log: silentLogger,
    ...overrides,
  };
}

/** A real core on a real encrypted store in a fresh folder, with the demo profile's vault. */
export async function startDemoCore(dataDir = tempDir(), overrides: Partial<CoreOptions> = {}): Promise<{ core: Core; dataDir: string }> {
  const core = await createCore(demoCoreOptions(dataDir, overrides));
  return { core, dataDir };
}
