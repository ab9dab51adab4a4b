import { z } from 'zod';
import {
  AgentError,
  type ErrorReason,
  PhoneAccount,
  SetPhoneAccountInput,
  type PhonePolicy,
  type PhoneRegistrationPolicy,
  type PhoneStatus,
  type PresenceState,
  usesTurn,
} from '../../contract';
import type { AdminPolicy } from '../../contract';
import type { EventBus } from '../event-bus';
import { applyPhonePolicy } from './phone-policy';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import type { KeyVault } from '../vault/key-vault';

const SETTINGS_KEY = 'phone.account';

/** What the settings row holds: the account minus the passwords, which only the vault keeps. */
const StoredAccount = PhoneAccount.omit({ hasPassword: true, hasTurnPassword: true, fromPolicy: true });
type StoredAccount = z.infer<typeof StoredAccount>;

/** Presence decides whether the phone is on the server and whether it takes calls. */
export function registrationPolicyFor(state: PresenceState): PhoneRegistrationPolicy {
  switch (state) {
    case 'Available':
    case 'Busy':
    case 'Wrap-up':
      return 'register';
    case 'Break':
    case 'Lunch':
    case 'Training':
    case 'Meeting':
      return 'register-busy';
    case 'Offline':
      return 'unregister';
  }
}

export interface PhoneServiceOptions {
  readonly db: Db;
  readonly vault: KeyVault;
  readonly bus: EventBus;
  readonly profile: string;
  readonly log: Logger;
  readonly presence: () => PresenceState;
  readonly now?: () => Date;
  /** IT's machine-wide policy: its SIP servers, domain and STUN/TURN servers override the account's; `phone.account` locked refuses setAccount. */
  readonly policy?: AdminPolicy;
}

/** The SIP account (settings + vault), the registration policy, and the engine's last reported status. */
export class PhoneService {
  private status: PhoneStatus;
  private readonly now: () => Date;

  constructor(private readonly options: PhoneServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.status = { registration: 'unconfigured', failure: null, activeCalls: 0, at: this.now().toISOString() };
    options.bus.subscribe((name, payload) => {
      if (name !== 'presence.changed') return;
      const state = (payload as { state: PresenceState }).state;
      options.bus.emit('phone.policy', { registration: registrationPolicyFor(state), presence: state });
    });
  }

  /** Keyed by profile and URI: the OS keychain is shared by every profile on the machine. */
  private vaultAccount(uri: string, secret: 'sip' | 'turn' = 'sip'): string {
    return `${secret}-password:${this.options.profile}:${uri}`;
  }

  /** The TURN password, kept under the stored account's address, when the account as applied relays. */
  private turnPassword(stored: StoredAccount, applied: Pick<PhoneAccount, 'iceServers'> = stored): Promise<string | null> {
    return usesTurn(applied) ? this.options.vault.get(this.vaultAccount(stored.uri, 'turn')) : Promise.resolve(null);
  }

  private stored(): StoredAccount | null {
    const row = this.options.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY);
    if (!row) return null;
    const parsed = StoredAccount.safeParse(JSON.parse(row.value));
    if (!parsed.success) {
      // Also an account saved before the rule that a remote SIP server needs wss:// (shared/secure-url.ts).
      this.options.log.warn('phone: stored SIP account is unreadable or refused; treating the phone as not configured', {
        problem: z.prettifyError(parsed.error),
      });
      return null;
    }
    return parsed.data;
  }

  /** The account as the phone uses it: the stored one with IT's policy over it (phone-policy.ts). */
  async account(): Promise<PhoneAccount | null> {
    const a = this.stored();
    if (!a) return null;
    const applied = applyPhonePolicy(a, this.options.policy ?? {});
    return {
      ...applied,
      hasPassword: (await this.options.vault.get(this.vaultAccount(a.uri))) !== null,
      hasTurnPassword: (await this.turnPassword(a, applied)) !== null,
    };
  }

  /** `from`: the agent (through `phone.setAccount`), or IT's own configuration the host seeds (AGENT_SIP_*), which a lock does not refuse. */
  async setAccount(raw: z.input<typeof SetPhoneAccountInput>, from: 'agent' | 'it' = 'agent'): Promise<PhoneAccount> {
    if (from === 'agent' && this.options.policy?.locked?.includes('phone.account')) {
      throw new AgentError('FORBIDDEN', "IT's policy locks the phone account on this workstation.");
    }
    const input = SetPhoneAccountInput.parse(raw);
    const { password, turnPassword, ...rest } = input;
    const next: StoredAccount = StoredAccount.parse(rest);
    const previous = this.stored();
    // A new address with no new password: carry the old one over rather than lose it.
    const kept = async (secret: 'sip' | 'turn') => (previous ? this.options.vault.get(this.vaultAccount(previous.uri, secret)) : null);
    const turn = usesTurn(next) ? (turnPassword ?? (await kept('turn'))) : null;
    if (usesTurn(next) && turn === null) {
      // Refused before anything is written: a phone that registers but cannot carry audio is worse than none.
      throw new AgentError('INVALID_INPUT', 'A TURN server is configured but no TURN password was given or stored.');
    }
    const sip = password ?? (previous && previous.uri !== next.uri ? await kept('sip') : undefined);
    if (sip !== undefined && sip !== null) await this.options.vault.set(this.vaultAccount(next.uri), sip);
    if (turn !== null) await this.options.vault.set(this.vaultAccount(next.uri, 'turn'), turn);
    this.options.db
      .prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(SETTINGS_KEY, JSON.stringify(next));
    // Secrets nothing points at any more leave the keychain once the new account is saved.
    if (previous && previous.uri !== next.uri) {
      await this.options.vault.delete(this.vaultAccount(previous.uri));
      await this.options.vault.delete(this.vaultAccount(previous.uri, 'turn'));
    } else if (previous && usesTurn(previous) && !usesTurn(next)) await this.options.vault.delete(this.vaultAccount(next.uri, 'turn'));
    const account = await this.account();
    if (!account) throw new AgentError('INTERNAL', 'The SIP account was not saved.');
    this.options.log.info('phone: SIP account set', {
      uri: account.uri,
      wsServers: account.wsServers,
      hasPassword: account.hasPassword,
      iceServers: account.iceServers.flatMap((s) => s.urls),
      iceTransportPolicy: account.iceTransportPolicy,
    });
    this.options.bus.emit('phone.account', account);
    return account;
  }

  async credentials(): Promise<{ account: PhoneAccount; password: string; turnPassword: string | null }> {
    const stored = this.stored();
    const account = await this.account();
    if (!stored || !account) throw new AgentError('PHONE_NOT_CONFIGURED', 'No SIP account is configured for this workstation. Ask IT.');
    const password = await this.options.vault.get(this.vaultAccount(stored.uri));
    if (password === null) throw new AgentError('PHONE_NOT_CONFIGURED', `No SIP password is stored for ${account.uri}. Ask IT.`);
    const turnPassword = await this.turnPassword(stored, account);
    if (usesTurn(account) && turnPassword === null) {
      throw new AgentError('PHONE_NOT_CONFIGURED', `No TURN password is stored for ${account.uri}. Ask IT.`);
    }
    return { account, password, turnPassword };
  }

  policy(): PhonePolicy {
    const presence = this.options.presence();
    return { registration: registrationPolicyFor(presence), presence };
  }

  reportStatus(s: Omit<PhoneStatus, 'at'>): PhoneStatus {
    const changed =
      s.registration !== this.status.registration || s.failure !== this.status.failure || s.activeCalls !== this.status.activeCalls;
    if (!changed) return this.status;
    this.status = { ...s, at: this.now().toISOString() };
    this.options.log.info('phone: status', { registration: s.registration, failure: s.failure, activeCalls: s.activeCalls });
    this.options.bus.emit('phone.status', this.status);
    return this.status;
  }

  /**
   * A preview dial marks its lead worked, so it goes ahead only when the phone can place the
   * call now (registered, no call in progress); otherwise the lead stays in the queue.
   */
  ensureReadyToDial(): void {
    const s = this.status;
    const reason = notReadyReason(s);
    if (reason === null) return;
    const message =
      reason === 'PHONE_CALL_IN_PROGRESS'
        ? 'Finish the call in progress before dialing the next lead.'
        : `The phone is not registered${s.failure ? ` (${s.failure.replace('-', ' ')})` : ''}. The lead stays in your queue.`;
    throw new AgentError('PHONE_NOT_READY', message, { reason });
  }

  requestDial(target: string): { target: string } {
    this.options.bus.emit('phone.dialRequested', { target });
    return { target };
  }

  getStatus(): PhoneStatus {
    return this.status;
  }
}

/**
 * Why the phone cannot place a dial now, or null when it can (registered, no call up). Pure: the
 * agent's words for each reason are the renderer's (`errorReasons`), the rule is here alone.
 */
export function notReadyReason(s: Pick<PhoneStatus, 'registration' | 'failure' | 'activeCalls'>): ErrorReason | null {
  if (s.registration !== 'registered') {
    if (s.failure === 'server-unreachable') return 'PHONE_SERVER_UNREACHABLE';
    if (s.failure !== null) return 'PHONE_ACCOUNT_REFUSED';
    return 'PHONE_NOT_REGISTERED';
  }
  return s.activeCalls > 0 ? 'PHONE_CALL_IN_PROGRESS' : null;
}
