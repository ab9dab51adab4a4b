import { createStore } from 'zustand/vanilla';
import type { CallOutcome, CallRecord, DtmfTransport, PhoneAccount } from '../../../src/contract';
import type { CallDirection, CallPhase } from './call-machine';
import type { Quality } from './stats/quality';
import type { LineQuality } from './stats/line-quality';
import type { AudioProfile, AudioProfileSetting } from './media/audio-profile';
import { INITIAL_REGISTRATION, type RegistrationState } from './registration-machine';

/** One call as the UI shows it; the engine is the only writer. */
export interface CallView {
  readonly id: string;
  readonly direction: CallDirection;
  /** Our end: the agent's own number on outbound calls, the dialed number (DNIS) on inbound ones. */
  readonly localNumber: string;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly phase: CallPhase;
  /** Put on hold by this agent. */
  readonly held: boolean;
  /** Put on hold by the other party. */
  readonly remoteHeld: boolean;
  readonly muted: boolean;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly endCause: string | null;
  /** How the call went, in the field's terms (calls/call-outcome.ts); null while live. */
  readonly outcome: CallOutcome | null;
  readonly quality: Quality | null;
  /** The ICE candidate type carrying the audio here: host, srflx (through NAT), relay (TURN); null until known. */
  readonly mediaPath: string | null;
  /** Digits sent and received on this call, for the keypad display. */
  readonly dtmfSent: string;
  readonly dtmfReceived: string;
  readonly transfer: 'none' | 'pending' | 'failed';
  /** The audio profile this call was set up with (media/audio-profile.ts). */
  readonly audioProfile: AudioProfile;
}

export interface DeviceOption {
  readonly deviceId: string;
  readonly label: string;
}

export interface PhoneDevices {
  readonly microphones: readonly DeviceOption[];
  readonly speakers: readonly DeviceOption[];
  readonly microphone: string;
  readonly speaker: string;
  readonly ringer: string;
}

export interface PhoneState {
  readonly registration: RegistrationState;
  /** Wall-clock ms of the last successful REGISTER, for support and the recovery measurement. */
  readonly registeredAt: number | null;
  readonly account: PhoneAccount | null;
  readonly dtmfTransport: DtmfTransport;
  readonly calls: readonly CallView[];
  readonly devices: PhoneDevices;
  readonly history: readonly CallRecord[];
  /** The last thing that went wrong with an action (dial refused, transfer failed…). */
  readonly notice: string | null;
  /** The line to the SIP server from the keepalive's pings (stats/line-quality.ts); null until judged or while the socket is down. */
  readonly line: LineQuality | null;
  /** The agent's choice for new calls: standard, low-bandwidth, or auto (low-bandwidth when the line is poor). */
  readonly audioProfile: AudioProfileSetting;
}

export const INITIAL_PHONE_STATE: PhoneState = {
  registration: INITIAL_REGISTRATION,
  registeredAt: null,
  account: null,
  dtmfTransport: 'rfc4733',
  calls: [],
  devices: { microphones: [], speakers: [], microphone: 'default', speaker: 'default', ringer: 'default' },
  history: [],
  notice: null,
  line: null,
  audioProfile: 'auto',
};

export const createPhoneStore = () => createStore<PhoneState>()(() => INITIAL_PHONE_STATE);
export type PhoneStore = ReturnType<typeof createPhoneStore>;

export const liveCalls = (s: PhoneState): readonly CallView[] => s.calls.filter((c) => c.phase !== 'ended');
