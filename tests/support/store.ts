import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createAgentApi, type AgentApi, type AgentTransport } from '../../src/contract';
import { DATABASE_FILE, type Core } from '../../src/core/core';
import { openDatabase, type Db } from '../../src/core/store/database';
import { databaseKeyAccount } from '../../src/core/store/database-key';
import { createDemoFileVault } from '../../src/core/vault/demo-file-vault';

export function agentFor(core: Core): { agent: AgentApi; transport: AgentTransport } {
  const transport: AgentTransport = {
    request: (method, input) => core.dispatch(method, input, { transport: 'in-process' }),
    subscribe: (listener) => core.subscribe(listener),
  };
  return { agent: createAgentApi(transport), transport };
}

/** The demo profile's key, read the way the core reads it. */
export async function demoKey(dataDir: string): Promise<Buffer> {
  const hex = await createDemoFileVault(dataDir).get(databaseKeyAccount('demo'));
  if (!hex) throw new Error(`no demo key in ${dataDir}`);
  return Buffer.from(hex, 'hex');
}

/** A second connection to a demo profile's store, to check what is really on disk. */
export async function inspectDemoStore(dataDir: string): Promise<Db> {
  return openDatabase({ file: path.join(dataDir, DATABASE_FILE), key: await demoKey(dataDir) });
}

/** sha256 of every file in a folder: "left untouched" means this does not change. */
export function folderDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isFile()) out[name] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
