import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AgentError } from '../../contract';
import type { KeyVault } from './key-vault';

const VaultFile = z.record(z.string(), z.string());

/**
 * The demo profile's vault: secrets in a 0600 file beside the demo data. Only the browser
 * host's demo profile may use it, and it says so at start: a real profile refuses it.
 */
export function createDemoFileVault(dir: string): KeyVault {
  const file = path.join(dir, 'demo-vault.json');
  const read = (): Record<string, string> => {
    if (!fs.existsSync(file)) return {};
    const parsed = VaultFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new AgentError('VAULT_UNAVAILABLE', `The demo key file ${file} is damaged.`);
    return parsed.data;
  };
  const write = (data: Record<string, string>) => {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    description: `demo key file ${file}`,
    insecure: true,
    get: async (account) => read()[account] ?? null,
    set: async (account, secret) => write({ ...read(), [account]: secret }),
    delete: async (account) => {
      const data = read();
      if (!(account in data)) return false;
      delete data[account];
      write(data);
      return true;
    },
  };
}
