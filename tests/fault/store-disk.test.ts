/**
 * A real full disk (a 2 MB tmpfs) and a real read-only filesystem (a read-only bind mount):
 * typed errors, nothing half-written, everything acknowledged before still there. Mounting
 * needs root, as on the CI machines; elsewhere this fails and says why.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentError } from '../../src/contract';
import type { Core } from '../../src/core/core';
import { startDemoCore, tempDir } from '../support/test-core';
import { agentFor, folderDigest, inspectDemoStore, unwrap } from '../support/store';

const mounts: string[] = [];
const cores: Core[] = [];

beforeAll(() => {
  if (process.getuid?.() !== 0) {
    throw new Error('The disk-full and read-only tests mount a tmpfs and a read-only bind mount: run them as root (npm test does on CI).');
  }
});
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  for (const m of mounts.splice(0).reverse()) execFileSync('umount', [m]);
});

function mount(args: string[], target: string): void {
  execFileSync('mount', [...args, target]);
  mounts.push(target);
}

describe('a full disk', () => {
  it('refuses saves with STORE_DISK_FULL, keeps every acknowledged one, and recovers when space returns', async () => {
    const dataDir = tempDir();
    mount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs'], dataDir);
    const { core } = await startDemoCore(dataDir);
    cores.push(core);
    const { agent } = agentFor(core);
    const call = unwrap(
      await agent.calls.logEvent({ callId: randomUUID(), direction: 'inbound', localNumber: '1001', remoteNumber: '03001234567', event: 'answered', at: new Date().toISOString() }),
    );
    // Leave the store a few hundred KB, as on a laptop whose disk has filled up.
    const free = () => fs.statfsSync(dataDir).bavail * fs.statfsSync(dataDir).bsize;
    fs.writeFileSync(path.join(dataDir, 'filler'), Buffer.alloc(Math.max(0, free() - 400 * 1024)));

    const target = { callId: call.id };
    let acknowledged = 0;
    let refused: { code: string; message: string } | null = null;
    for (let revision = 1; revision < 10_000 && !refused; revision++) {
      const r = await agent.notes.saveDraft({ target, body: `rev ${revision} ` + 'x'.repeat(15_000), revision });
      if (r.ok) acknowledged = revision;
      else refused = r.error;
    }
    expect(refused?.code).toBe('STORE_DISK_FULL');
    expect(refused?.message).toMatch(/disk is full: nothing was saved/);
    expect(acknowledged).toBeGreaterThan(0);
    expect(unwrap(await agent.notes.getDraft({ target }))).toMatchObject({ revision: acknowledged, body: expect.stringMatching(new RegExp(`^rev ${acknowledged} `)) });

    // A finalize that cannot fit writes neither the note nor its outbox row.
    const pendingBefore = unwrap(await agent.sync.status({})).pending;
    const big = await agent.notes.finalize({ target, body: 'final '.repeat(3000) });
    expect(big.ok ? 'saved' : big.error.code).toBe('STORE_DISK_FULL');
    expect(unwrap(await agent.notes.list({ target }))).toEqual([]);
    expect(unwrap(await agent.sync.status({})).pending).toBe(pendingBefore);
    expect(unwrap(await agent.notes.getDraft({ target }))?.revision).toBe(acknowledged);

    fs.rmSync(path.join(dataDir, 'filler'));
    const after = unwrap(await agent.notes.saveDraft({ target, body: 'space again', revision: acknowledged + 100 }));
    expect(after.applied).toBe(true);
    expect(unwrap(await agent.notes.finalize({ target, body: 'space again' })).body).toBe('space again');
    core.close();
    cores.pop();
    const disk = await inspectDemoStore(dataDir);
    expect(disk.pragma('integrity_check', { simple: true })).toBe('ok');
    disk.close();
  });
});

describe('a read-only filesystem', () => {
  it('refuses to open the store with STORE_READ_ONLY and changes nothing', async () => {
    const dataDir = tempDir();
    const { core } = await startDemoCore(dataDir);
    unwrap(await agentFor(core).agent.contacts.create({ fields: { firstName: 'Kept', phones: [] } }));
    core.close();
    const before = folderDigest(dataDir);

    const readOnly = tempDir();
    mount(['--bind', dataDir], readOnly);
    execFileSync('mount', ['-o', 'remount,bind,ro', readOnly]);
    const err = await startDemoCore(readOnly).then(
      ({ core: c }) => (c.close(), null),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AgentError);
    expect((err as AgentError).code).toBe('STORE_READ_ONLY');
    expect((err as AgentError).message).toMatch(/cannot be written/);
    expect(folderDigest(dataDir)).toEqual(before);
  });
});
