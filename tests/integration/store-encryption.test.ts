/**
 * The store's key and what is on disk, with the real OS keychain (gnome-keyring in a private
 * D-Bus session, see scripts/with-keyring.sh): the key lives only in the keychain, the files
 * hold no plaintext, and a missing or wrong key is a typed error that leaves the files alone.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentError } from '../../src/contract';
import { createCore, DATABASE_FILE, type Core } from '../../src/core/core';
import { createLogger } from '../../src/core/log';
import { databaseKeyAccount } from '../../src/core/store/database-key';
import { createDemoFileVault } from '../../src/core/vault/demo-file-vault';
import { VAULT_SERVICE } from '../../src/core/vault/key-vault';
import { createKeytarVault } from '../../src/core/vault/keytar-vault';
import { tempDir } from '../support/test-core';
import { agentFor, folderDigest, unwrap } from '../support/store';

const root = path.resolve(__dirname, '../..');
const logLines: string[] = [];
const opened: Core[] = [];

async function openRealProfile(dataDir: string, profile: string): Promise<Core> {
  const core = await createCore({
    dataDir,
    profile,
    demo: false,
    vault: await createKeytarVault(),
    app: { name: 'Agent Workstation', version: '0.0.0-test', host: 'browser' },
    log: createLogger((line) => logLines.push(line), {}, 'debug'),
  });
  opened.push(core);
  return core;
}

afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

async function rejection(p: Promise<unknown>): Promise<AgentError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AgentError);
  return err as AgentError;
}

/** Every file the store keeps: the database, its WAL, its shared memory, any rollback journal. */
function storeFiles(dir: string): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(DATABASE_FILE))
      .map((n) => fs.readFileSync(path.join(dir, n))),
  );
}

describe('the encrypted store with the OS keychain', () => {
  it('creates a 256-bit key in the keychain on first run and keeps it nowhere else', async () => {
    const dataDir = tempDir();
    const profile = `agent-${randomUUID()}`;
    const core = await openRealProfile(dataDir, profile);
    const stored = await keytar.getPassword(VAULT_SERVICE, databaseKeyAccount(profile));
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    const key = Buffer.from(stored ?? '', 'hex');

    const { agent } = agentFor(core);
    unwrap(await agent.contacts.create({ fields: { firstName: 'Zarghuna', lastName: 'Canaryfield', phones: [{ label: 'm', number: '03335550123' }] } }));
    const call = unwrap(
      await agent.calls.logEvent({ callId: randomUUID(), direction: 'inbound', localNumber: '1001', remoteNumber: '03335550123', event: 'answered', at: new Date().toISOString() }),
    );
    unwrap(await agent.notes.saveDraft({ target: { callId: call.id }, body: 'DRAFTCANARY refund 4411', revision: 1 }));
    unwrap(await agent.notes.finalize({ target: { callId: call.id }, body: 'NOTECANARY refund 4411' }));

    const secrets = [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('hex').toUpperCase())];
    const known = ['Zarghuna', 'zarghuna', 'Canaryfield', 'canaryfield', '+923335550123', '923335550123', 'DRAFTCANARY', 'NOTECANARY', 'refund', 'contacts_fts', 'CREATE TABLE'];
    for (const phase of ['open', 'closed']) {
      if (phase === 'closed') {
        core.close();
        opened.pop();
      }
      const files = fs.readdirSync(dataDir).filter((n) => n.startsWith(DATABASE_FILE));
      if (phase === 'open') expect(files).toContain(`${DATABASE_FILE}-wal`);
      const bytes = storeFiles(dataDir);
      expect(bytes.length).toBeGreaterThan(4096);
      expect(bytes.includes('SQLite format 3'), phase).toBe(false);
      for (const s of known) expect(bytes.includes(Buffer.from(s)), `${phase}: "${s}" on disk`).toBe(false);
      for (const name of fs.readdirSync(dataDir)) {
        const content = fs.readFileSync(path.join(dataDir, name));
        for (const secret of secrets) expect(content.includes(secret), `key in ${name}`).toBe(false);
      }
    }
    const log = logLines.join('\n');
    expect(log).toContain('core started');
    for (const secret of secrets) expect(log.includes(secret.toString()), 'key in the log').toBe(false);

    const again = await openRealProfile(dataDir, profile);
    expect(unwrap(await agentFor(again).agent.contacts.search({ query: 'zarghuna' })).map((c) => c.lastName)).toEqual(['Canaryfield']);
  });

  it('refuses to open without its key, or with another key, and leaves every file untouched', async () => {
    const dataDir = tempDir();
    const profile = `agent-${randomUUID()}`;
    const core = await openRealProfile(dataDir, profile);
    unwrap(await agentFor(core).agent.contacts.create({ fields: { firstName: 'Kept', phones: [] } }));
    // Simulate a power cut: the WAL still holds the change. It must survive the refusals too.
    const account = databaseKeyAccount(profile);
    const realKey = await keytar.getPassword(VAULT_SERVICE, account);
    const files = folderDigest(dataDir);
    expect(Object.keys(files)).toContain(`${DATABASE_FILE}-wal`);

    await keytar.deletePassword(VAULT_SERVICE, account);
    const missing = await rejection(openRealProfile(dataDir, profile));
    expect(missing.code).toBe('STORE_KEY_MISSING');
    expect(missing.message).toMatch(/exists but its key is not in the OS keychain.*left untouched/);
    expect(folderDigest(dataDir)).toEqual(files);
    expect(await keytar.getPassword(VAULT_SERVICE, account)).toBeNull();

    await keytar.setPassword(VAULT_SERVICE, account, randomBytes(32).toString('hex'));
    const wrong = await rejection(openRealProfile(dataDir, profile));
    expect(wrong.code).toBe('STORE_KEY_MISMATCH');
    expect(wrong.message).toMatch(/does not open the local database.*left untouched/);
    expect(folderDigest(dataDir)).toEqual(files);

    core.close();
    opened.splice(0);
    await keytar.setPassword(VAULT_SERVICE, account, realKey ?? '');
    const back = await openRealProfile(dataDir, profile);
    expect(unwrap(await agentFor(back).agent.contacts.search({ query: 'kept' }))).toHaveLength(1);
  });

  it('keeps a real profile off the demo key file', async () => {
    const dataDir = tempDir();
    const err = await rejection(
      createCore({
        dataDir,
        profile: 'default',
        demo: false,
        vault: createDemoFileVault(dataDir),
        app: { name: 'Agent Workstation', version: '0', host: 'browser' },
        log: createLogger(() => undefined),
      }),
    );
    expect(err.code).toBe('VAULT_UNAVAILABLE');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

/** Runs the browser host as a person would, with the given environment; resolves when it exits or prints its address. */
function runHost(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/host/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, AGENT_NO_BROWSER: '1', AGENT_HOST_PORT: '0', AGENT_LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('AGENT_HOST_URL=')) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('start-up without a keychain', () => {
  it('refuses a real profile with a clear message and creates no database', async () => {
    const dataDir = tempDir();
    // No D-Bus session in the environment: no Secret Service is reachable.
    const { code, out } = await runHost({ AGENT_PROFILE: 'default', AGENT_DATA_DIR: dataDir, HOME: dataDir });
    expect(code).toBe(1);
    expect(out).toMatch(/could not start\. VAULT_UNAVAILABLE: The OS keychain is not reachable/);
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(false);
  });

  it('lets the demo profile keep its key in its own folder, and says so', async () => {
    const dataDir = tempDir();
    const { out } = await runHost({ AGENT_PROFILE: 'demo', AGENT_DATA_DIR: dataDir, HOME: dataDir });
    expect(out).toMatch(/Demo profile: the database key is kept in demo key file .*demo-vault\.json, not in the OS keychain/);
    expect(out).toContain('AGENT_HOST_URL=');
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
  });
});
