import { randomUUID } from 'node:crypto';
import { AgentError, ServerAgent, type SignInResponse } from '../../contract';
import type { Db } from '../store/database';
import type { KeyVault } from '../vault/key-vault';
import type { SyncHttp } from './sync-http';

/** The keychain account that holds a profile's sync token. */
export const syncTokenAccount = (profile: string) => `sync-token:${profile}`;

const Setting = { clientId: 'sync.client_id', agent: 'sync.agent', cursorAgent: 'sync.cursor_agent' } as const;

/**
 * The session with the sync server: the bearer token (in the keychain only), the agent it signs
 * in as (kept in the store so the desk shows who was signed in before the token is read), and
 * this workstation's client id, which the server deduplicates pushes by.
 */
export class SyncSession {
  readonly clientId: string;
  private token: string | null = null;
  private stored: ServerAgent | null;
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly vault: KeyVault,
    private readonly profile: string,
    private readonly http: SyncHttp,
  ) {
    this.s = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      delete: db.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
    };
    this.clientId = this.s.get.get(Setting.clientId)?.value ?? this.newClientId();
    const agent = this.s.get.get(Setting.agent)?.value;
    const parsed = agent ? ServerAgent.safeParse(JSON.parse(agent)) : null;
    this.stored = parsed?.success ? parsed.data : null;
  }

  private newClientId(): string {
    const id = randomUUID();
    this.s.set.run(Setting.clientId, id);
    return id;
  }

  /** The signed-in agent; null without a token. */
  get agent(): ServerAgent | null {
    return this.token ? this.stored : null;
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  /** The token, or NOT_SIGNED_IN. */
  requireToken(): string {
    if (!this.token) throw new AgentError('NOT_SIGNED_IN', 'Sign in to sync.');
    return this.token;
  }

  /** Reads the token from the keychain; true when there is one. */
  async load(): Promise<boolean> {
    this.token = await this.vault.get(syncTokenAccount(this.profile));
    return this.token !== null;
  }

  async signIn(username: string, password: string, deviceId: string = this.clientId): Promise<ServerAgent> {
    return this.adopt(await this.http.signIn({ username, password, deviceId }));
  }

  /** Takes a session the server issued (here, or by the workstation switching to this agent's store). */
  async adopt(res: SignInResponse): Promise<ServerAgent> {
    await this.vault.set(syncTokenAccount(this.profile), res.token);
    // Another agent sees other calls and callbacks: its first pull starts from the beginning
    // (pulled rows merge idempotently, so nothing already here is lost).
    const cursorOwner = this.s.get.get(Setting.cursorAgent)?.value;
    this.db.transaction(() => {
      if (cursorOwner !== undefined && cursorOwner !== res.agent.id) this.db.prepare('UPDATE sync_state SET cursor = 0, position = NULL WHERE id = 1').run();
      this.s.set.run(Setting.cursorAgent, res.agent.id);
    }).immediate();
    this.token = res.token;
    this.stored = res.agent;
    this.s.set.run(Setting.agent, JSON.stringify(res.agent));
    return res.agent;
  }

  /**
   * Forgets the session here. Returns the token it held, for the server's sign-out once everyone here
   * has heard: the token is gone locally whatever the server says.
   */
  async signOut(): Promise<string | null> {
    const token = this.token;
    this.token = null;
    await this.vault.delete(syncTokenAccount(this.profile));
    this.s.delete.run(Setting.agent);
    this.stored = null;
    return token;
  }

  /** The server no longer knows the token: forget it (the agent signs in again). */
  async expired(): Promise<void> {
    this.token = null;
    await this.vault.delete(syncTokenAccount(this.profile)).catch(() => false);
  }
}
