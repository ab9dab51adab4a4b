import path from 'node:path';
import { safeStorage } from 'electron';
import type { KeyVault } from '../src/core/vault/key-vault';
import { secretsFile } from '../src/core/vault/secrets-file';

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
  const store = secretsFile(path.join(dir, 'vault.json'));
  return {
    description: 'Electron safeStorage',
    insecure: false,
    get: async (account) => {
      const sealed = store.get(account);
      return sealed === null ? null : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    set: async (account, secret) => store.set(account, safeStorage.encryptString(secret).toString('base64')),
    delete: async (account) => store.delete(account),
  };
}
