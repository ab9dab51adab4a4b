import { AgentError } from '../../contract';
import { VAULT_SERVICE, type KeyVault } from './key-vault';

type Keytar = typeof import('keytar');

/** Maps the Secret Service's failure modes to one clear error. */
function unavailable(err: unknown): AgentError {
  const detail = err instanceof Error ? err.message : String(err);
  return new AgentError(
    'VAULT_UNAVAILABLE',
    `The OS keychain is not reachable (${detail}). Start a keyring (gnome-keyring, KWallet, Keychain, Credential Manager) and try again.`,
    { cause: err },
  );
}

/** The OS keychain through keytar, loaded lazily so a host without it can still start. */
export async function createKeytarVault(service = VAULT_SERVICE): Promise<KeyVault> {
  let keytar: Keytar;
  try {
    const mod = (await import('keytar')) as Keytar & { default?: Keytar };
    keytar = mod.default ?? mod;
  } catch (err) {
    throw unavailable(err);
  }
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw unavailable(err);
    }
  };
  return {
    description: 'OS keychain',
    insecure: false,
    get: (account) => guard(() => keytar.getPassword(service, account)),
    set: (account, secret) => guard(() => keytar.setPassword(service, account, secret)),
    delete: (account) => guard(() => keytar.deletePassword(service, account)),
  };
}

/** Probes the keychain with a harmless read, so start-up can choose a vault up front. */
export async function keytarReachable(service = VAULT_SERVICE): Promise<boolean> {
  try {
    const vault = await createKeytarVault(service);
    await vault.get('__probe__');
    return true;
  } catch {
    return false;
  }
}
