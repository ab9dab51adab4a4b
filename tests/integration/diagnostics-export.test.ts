/**
 * "Export diagnostics" (issue 15 B4) through the real core: the zip holds versions, settings,
 * phone and sync state and the recent rotated logs, and no secret (SIP password, sync token,
 * database key) nor customer data (a caller's number, a card number typed in a note). The zip
 * is opened with Python's zipfile (a reader this project did not write) and with fflate.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log';
import { openLogFiles } from '../../src/core/log-files';
import { agentFor, demoKey, inspectDemoStore, unwrap } from '../support/store';
import { startDemoCore, tempDir } from '../support/test-core';

const SIP_PASSWORD = 'sip-Secret-7731';
const SYNC_TOKEN = 'tok-5f1e0c9a-secret';
const CALLER = '+923001234567';

describe('Export diagnostics', () => {
  it('writes a zip IT can read, with state and recent logs, and no secrets or customer data', async () => {
    const dataDir = tempDir('agent-diag-');
    const files = openLogFiles(path.join(dataDir, 'logs'), { maxBytes: 64 * 1024, keep: 2 });
    const { core } = await startDemoCore(dataDir, { log: createLogger(files.write, {}, 'debug'), logFiles: files });
    try {
      const { agent } = agentFor(core);
      unwrap(await agent.phone.setAccount({ uri: 'sip:1001@127.0.0.1', wsServers: ['ws://127.0.0.1:8088'], password: SIP_PASSWORD }));
      // A signed-in session's token, as the sync client keeps it in settings.
      const disk = await inspectDemoStore(dataDir);
      disk.prepare("INSERT INTO settings (key, value) VALUES ('sync.session', ?)").run(JSON.stringify({ token: SYNC_TOKEN, agentId: 'a1', displayName: 'Ayesha Khan' }));
      disk.close();
      // A call whose number and note (with a card number) pass through the core and its log.
      const callId = '6f1c2a4e-1b2c-4d5e-8f90-123456789abc';
      unwrap(await agent.calls.logEvent({ callId, direction: 'inbound', localNumber: '1001', remoteNumber: CALLER, event: 'answered', at: new Date().toISOString() }));
      unwrap(await agent.notes.saveDraft({ target: { callId }, body: 'card 4111 1111 1111 1111', revision: 1 }));
      await core.dispatch('calls.logEvent', { callId: 'not-an-id', remoteNumber: CALLER }, { transport: 'in-process' });

      const exported = unwrap(await agent.app.exportDiagnostics({}));
      expect(path.dirname(exported.path)).toBe(path.join(dataDir, 'diagnostics'));
      expect(fs.statSync(exported.path).mode & 0o777).toBe(0o600);
      expect(fs.statSync(exported.path).size).toBe(exported.bytes);

      // Python's zipfile lists and checks every entry's CRC.
      const listed = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(z.namelist()))', exported.path], { encoding: 'utf8' });
      const names = listed.trim().split('\n').sort();
      expect(names).toEqual([...exported.entries].sort());
      expect(names).toEqual(expect.arrayContaining(['versions.json', 'settings.json', 'phone.json', 'sync.json', 'environment.json', 'logs/workstation.log']));

      const zip = unzipSync(new Uint8Array(fs.readFileSync(exported.path)));
      const text = (name: string) => strFromU8(zip[name] ?? new Uint8Array());
      expect(JSON.parse(text('versions.json'))).toMatchObject({ version: '0.0.0-test', host: 'browser', platform: process.platform, runtime: { node: process.versions.node } });
      expect(JSON.parse(text('phone.json'))).toMatchObject({ status: { registration: expect.any(String) }, account: { ok: true, value: { uri: 'sip:1001@127.0.0.1' } } });
      expect(JSON.parse(text('sync.json'))).toHaveProperty('pending');
      expect(JSON.parse(text('settings.json'))).toMatchObject({ 'sync.session': { token: '[redacted]', agentId: 'a1' } });
      expect(text('logs/workstation.log')).toContain('core started');

      const everything = Object.keys(zip).map(text).join('\n');
      const key = (await demoKey(dataDir)).toString('hex');
      for (const secret of [SIP_PASSWORD, SYNC_TOKEN, key, '923001234567', '4111 1111 1111 1111', '4111111111111111']) {
        expect(everything, secret).not.toContain(secret);
      }
    } finally {
      core.close();
      await files.close();
    }
  });
});
