/**
 * Where the core keeps secrets (the database key, later the sync token and SIP password).
 * The OS keychain in production; Electron's safeStorage where no keychain exists; a file in
 * the data folder for the browser host's demo profile only.
 */
export interface KeyVault {
  /** Shown to the agent/IT when something fails: "OS keychain", "demo key file", … */
  readonly description: string;
  /** True only for the demo file vault: the key sits beside the data it protects. */
  readonly insecure: boolean;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export const VAULT_SERVICE = 'agent-workstation';
