import type { PhoneFailureReason, PhoneRegistrationPolicy, PhoneRegistrationState } from '../../../src/contract';
import { t } from '../i18n/i18n';

/**
 * The phone's registration as data: the engine feeds it what JsSIP and the core say, and shows
 * whatever state comes out. Kept free of JsSIP and the DOM so it is tested alone.
 */
export type RegistrationEvent =
  | { type: 'configured' }
  | { type: 'unconfigured'; reason: PhoneFailureReason | null }
  | { type: 'policy'; policy: PhoneRegistrationPolicy }
  | { type: 'transport-connecting' }
  | { type: 'transport-connected' }
  | { type: 'transport-down' }
  | { type: 'registered' }
  | { type: 'unregistered' }
  | { type: 'registration-failed'; cause: string };

export type RegistrationEventType = RegistrationEvent['type'];

export interface RegistrationState {
  readonly phase: PhoneRegistrationState;
  readonly failure: PhoneFailureReason | null;
  readonly policy: PhoneRegistrationPolicy;
}

export const INITIAL_REGISTRATION: RegistrationState = { phase: 'unconfigured', failure: null, policy: 'unregister' };

type Phase = PhoneRegistrationState;

/**
 * Where each event leads from each phase while the policy wants the phone registered. Events
 * missing from a row leave the phase as it is. 'failed' ignores 'transport-connecting' so the
 * status bar does not flicker between "unreachable" and "connecting" on every retry.
 */
export const REGISTRATION_TRANSITIONS: Readonly<Record<Phase, Partial<Record<RegistrationEventType, Phase>>>> = {
  unconfigured: { configured: 'unregistered' },
  unregistered: { 'transport-connecting': 'connecting', 'transport-connected': 'registering', registered: 'registered' },
  connecting: { 'transport-connected': 'registering', 'transport-down': 'failed', registered: 'registered', 'registration-failed': 'failed' },
  registering: { registered: 'registered', 'registration-failed': 'failed', 'transport-down': 'failed', unregistered: 'unregistered' },
  registered: { 'transport-down': 'failed', 'registration-failed': 'failed', unregistered: 'unregistered', 'transport-connecting': 'connecting' },
  failed: { 'transport-connected': 'registering', registered: 'registered' },
};

/** JsSIP's registrationFailed causes, as the agent and IT need to read them. */
export function failureForCause(cause: string): PhoneFailureReason {
  switch (cause) {
    case 'Authentication Error':
    case 'Rejected':
      return 'wrong-password';
    case 'Connection Error':
    case 'Request Timeout':
      return 'server-unreachable';
    default:
      return 'rejected';
  }
}

/**
 * register (Ready) and register-busy (Not Ready / DND: registered for outbound, incoming refused
 * 486 by CallControl.onIncoming) both keep the phone on the server; only unregister takes it off.
 */
export function wantsRegistration(policy: PhoneRegistrationPolicy): boolean {
  return policy !== 'unregister';
}

export function registrationReducer(state: RegistrationState, event: RegistrationEvent): RegistrationState {
  if (event.type === 'unconfigured') return { ...state, phase: 'unconfigured', failure: event.reason };
  if (event.type === 'policy') {
    if (state.phase === 'unconfigured') return { ...state, policy: event.policy };
    if (!wantsRegistration(event.policy)) return { phase: 'unregistered', failure: null, policy: event.policy };
    // A new wish to register retries a failure (the agent may have fixed the network or password).
    const phase = state.phase === 'unregistered' || state.phase === 'failed' ? 'connecting' : state.phase;
    return { phase, failure: phase === state.phase ? state.failure : null, policy: event.policy };
  }
  if (state.phase !== 'unconfigured' && !wantsRegistration(state.policy)) {
    return state.phase === 'unregistered' && state.failure === null ? state : { ...state, phase: 'unregistered', failure: null };
  }
  const next = REGISTRATION_TRANSITIONS[state.phase][event.type];
  if (!next || (next === state.phase && next !== 'failed')) return state;
  if (next === 'failed') {
    const failure = event.type === 'registration-failed' ? failureForCause(event.cause) : 'server-unreachable';
    if (state.phase === 'failed' && state.failure === failure) return state;
    return { ...state, phase: 'failed', failure };
  }
  return { ...state, phase: next, failure: null };
}

/** What the status bar and tray say. */
export function describeRegistration(state: RegistrationState): string {
  switch (state.phase) {
    case 'unconfigured':
      return state.failure === 'no-password' ? t('registration.noPassword') : t('registration.unconfigured');
    case 'unregistered':
      return t('registration.unregistered');
    case 'connecting':
      return t('registration.connecting');
    case 'registering':
      return t('registration.registering');
    case 'registered':
      // register-busy is Not Ready / DND: the agent must see why nothing rings.
      return state.policy === 'register-busy' ? t('registration.registeredBusy') : t('registration.registered');
    case 'failed':
      return t('registration.failed', { reason: failureText(state.failure ?? 'rejected') });
  }
}

/** Why registration failed, in the agent's words. */
export const failureText = (reason: PhoneFailureReason): string => t(`registration.failure.${reason}`);
