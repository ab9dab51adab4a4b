/**
 * Which sync server a host uses (src/server/embedded.ts chooseSyncServer): only the URL IT's
 * policy accepted; one it refused (plain http:// to another machine) is never used and never
 * silently swapped for the demo's embedded server — the profile works offline and the log says why.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log';
import { parseAdminPolicy } from '../../src/core/policy/admin-policy';
import { chooseSyncServer } from '../../src/server/embedded';
import { tempDir } from '../support/test-core';

function capture() {
  const lines: { level: string; msg: string; problem?: string }[] = [];
  return { lines, log: createLogger((line) => lines.push(JSON.parse(line) as (typeof lines)[number]), {}, 'info') };
}

describe('chooseSyncServer', () => {
  it('uses the https:// URL the policy accepted from AGENT_SYNC_URL', async () => {
    const { log } = capture();
    const env = { AGENT_SYNC_URL: 'https://sync.example.com' };
    const r = await chooseSyncServer({ demo: false, env, policy: parseAdminPolicy(null, env), dataDir: tempDir('agent-sync-choice-'), log });
    expect(r).toEqual({ sync: { serverUrl: 'https://sync.example.com' }, embedded: null });
  });

  it('keeps the loopback http:// the demo and tests use', async () => {
    const { log } = capture();
    const env = { AGENT_SYNC_URL: 'http://127.0.0.1:4100' };
    const r = await chooseSyncServer({ demo: true, env, policy: parseAdminPolicy(null, env), dataDir: tempDir('agent-sync-choice-'), log });
    expect(r.sync).toEqual({ serverUrl: 'http://127.0.0.1:4100' });
  });

  it('refuses http:// to a LAN server: offline, no embedded stand-in, and the log names why', async () => {
    const { log, lines } = capture();
    const env = { AGENT_SYNC_URL: 'http://192.168.1.20:4000' };
    const r = await chooseSyncServer({ demo: true, env, policy: parseAdminPolicy(null, env), dataDir: tempDir('agent-sync-choice-'), log });
    expect(r).toEqual({ sync: null, embedded: null });
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: expect.stringContaining('refused'), problem: expect.stringContaining('https://') })]);
  });
});
