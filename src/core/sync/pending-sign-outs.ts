import { z } from 'zod';
import { AgentError } from '../../contract';
import type { KeyVault } from '../vault/key-vault';
import { isTransient } from './sync-http';

/** The keychain account holding a profile's sign-outs the server has not heard yet. */
export const pendingSignOutsAccount = (profile: string) => `sync-sign-outs:${profile}`;

const Tokens = z.array(z.string().min(1).max(200)).max(100);

/**
 * Sign-outs made while the server could not be reached (issue 15 A5). The token is forgotten
 * by the session at once, but it still works on the server until revoked there, so it waits
 * here — in the keychain, as secret as the session token was — and is sent when the line
 * returns: at start, on "network back", after each good sync. The server's answer decides:
 * 204 or any refusal (the token already ended) drops it; no answer keeps it.
 */
export class PendingSignOuts {
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly vault: KeyVault,
    private readonly profile: string,
    private readonly send: (token: string) => Promise<void>,
  ) {}

  /** Tokens waiting to be revoked on the server. */
  async pending(): Promise<string[]> {
    const raw = await this.vault.get(pendingSignOutsAccount(this.profile));
    if (raw === null) return [];
    try {
      const parsed = Tokens.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  /** Revokes `token` on the server now, or keeps it for later when the server cannot be reached. */
  async signOut(token: string): Promise<'sent' | 'pending'> {
    if (await this.trySend(token)) return 'sent';
    await this.write([...(await this.pending()).filter((t) => t !== token), token]);
    return 'pending';
  }

  /** Sends every waiting sign-out; resolves when each was answered or is still unreachable. One flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const waiting = await this.pending();
    if (waiting.length === 0) return;
    const kept: string[] = [];
    for (const token of waiting) if (!(await this.trySend(token))) kept.push(token);
    // Sign-outs queued while this flush ran are kept too.
    const now = await this.pending();
    await this.write([...kept, ...now.filter((t) => !waiting.includes(t))]);
  }

  /** True when the server answered (revoked, or the token had already ended). */
  private async trySend(token: string): Promise<boolean> {
    try {
      await this.send(token);
      return true;
    } catch (err) {
      // A refusal (401: the token ended already) is an answer too; no answer is not.
      return err instanceof AgentError && !isTransient(err);
    }
  }

  private async write(tokens: string[]): Promise<void> {
    const account = pendingSignOutsAccount(this.profile);
    if (tokens.length === 0) await this.vault.delete(account);
    else await this.vault.set(account, JSON.stringify(tokens.slice(-100)));
  }
}
