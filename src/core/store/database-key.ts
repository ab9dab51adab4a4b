import { randomBytes } from 'node:crypto';
import { AgentError } from '../../contract';
import type { KeyVault } from '../vault/key-vault';

const KEY_HEX = /^[0-9a-f]{64}$/;

export const databaseKeyAccount = (profile: string) => `db-key:${profile}`;

/**
 * The store's 256-bit key, created on first run and kept only in the vault. A database that
 * exists without its key is an error, never a "first run": that would orphan the agent's data.
 */
export async function obtainDatabaseKey(vault: KeyVault, profile: string, databaseExists: boolean): Promise<Buffer> {
  const account = databaseKeyAccount(profile);
  const stored = await vault.get(account);
  if (stored !== null) {
    if (!KEY_HEX.test(stored)) {
      throw new AgentError('STORE_KEY_MISMATCH', `The key stored in the ${vault.description} for profile "${profile}" is malformed.`);
    }
    return Buffer.from(stored, 'hex');
  }
  if (databaseExists) {
    throw new AgentError(
      'STORE_KEY_MISSING',
      `The local database for profile "${profile}" exists but its key is not in the ${vault.description}. ` +
        'The file was left untouched; restore the keychain entry or ask IT.',
    );
  }
  const key = randomBytes(32);
  await vault.set(account, key.toString('hex'));
  return key;
}
