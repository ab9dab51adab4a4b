import path from 'node:path';
import type { KeyVault } from './key-vault';
import { secretsFile } from './secrets-file';

/**
 * The demo profile's vault: secrets in a 0600 file beside the demo data. Only the browser
 * host's demo profile may use it, and it says so at start: a real profile refuses it.
 */
export function createDemoFileVault(dir: string): KeyVault {
  const file = path.join(dir, 'demo-vault.json');
  const store = secretsFile(file);
  return {
    description: `demo key file ${file}`,
    insecure: true,
    get: async (account) => store.get(account),
    set: async (account, secret) => store.set(account, secret),
    delete: async (account) => store.delete(account),
  };
}
