import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { z } from 'zod';
import type { KeyVault } from '../src/core/vault/key-vault';

const VaultFile = z.record(z.string(), z.string());

/**
 * Electron's safeStorage, for machines without a Secret Service: secrets are encrypted by the
 * OS (DPAPI, Keychain, kwallet/libsecret) before they touch disk. Linux's "basic_text"
 * backend is a hard-coded key, so it does not count.
 */
export function safeStorageUsable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

export function createSafeStorageVault(dir: string): KeyVault {
  const file = path.join(dir, 'vault.json');
  const read = (): Record<string, string> =>
    fs.existsSync(file) ? VaultFile.parse(JSON.parse(fs.readFileSync(file, 'utf8'))) : {};
  const write = (data: Record<string, string>) => {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    description: 'Electron safeStorage',
    insecure: false,
    get: async (account) => {
      const sealed = read()[account];
      return sealed === undefined ? null : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    set: async (account, secret) => write({ ...read(), [account]: safeStorage.encryptString(secret).toString('base64') }),
    delete: async (account) => {
      const data = read();
      if (!(account in data)) return false;
      delete data[account];
      write(data);
      return true;
    },
  };
}
