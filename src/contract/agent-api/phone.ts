import { z } from 'zod';
import { method } from './define';
import { PresenceState } from '../shared/presence-state';
import { refuseInsecureServerUrl } from '../shared/secure-url';

/** How DTMF digits travel: RFC 4733 telephone-events in the RTP stream, or SIP INFO for servers that want it. */
export const DtmfTransport = z.enum(['rfc4733', 'info']);
export type DtmfTransport = z.infer<typeof DtmfTransport>;

const SipUri = z
  .string()
  .trim()
  .max(200)
  .regex(/^sips?:[^@\s]+@[^@\s]+$/, 'a SIP address like sip:1001@pbx.example.com');

/**
 * A SIP proxy/PBX WebSocket server (RFC 7118): `wss://` — plain `ws://` only to this machine
 * (loopback), per the one rule in shared/secure-url.ts; a refused address says why.
 */
export const SipWsServer = z
  .string()
  .trim()
  .max(300)
  .superRefine((url, ctx) => {
    const refused = refuseInsecureServerUrl(url, 'sip-ws');
    if (refused) ctx.addIssue({ code: 'custom', message: refused.message, params: { code: refused.code } });
  });

const IceServerUrl = z
  .string()
  .trim()
  .max(300)
  .regex(/^(stuns?|turns?):[^\s]+$/, 'a STUN or TURN address like turn:turn.example.com:3478?transport=udp');

const isTurn = (url: string) => /^turns?:/.test(url);

/**
 * A STUN or TURN server for the call's media. A home agent behind a carrier-grade NAT or a
 * firewall that blocks UDP reaches the PBX's media only through TURN. A TURN server's password
 * is never part of this shape: it lives in the vault, like the SIP password.
 */
export const IceServer = z
  .object({
    urls: z.array(IceServerUrl).min(1).max(4),
    /** TURN's long-term credential user; STUN needs none. */
    username: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .refine((s) => s.username !== null || !s.urls.some(isTurn), { message: 'a TURN server needs a username', path: ['username'] });
export type IceServer = z.infer<typeof IceServer>;

/** Whether an account relays through TURN, and so needs the TURN password from the vault. */
export const usesTurn = (a: { readonly iceServers: readonly IceServer[] }): boolean => a.iceServers.some((s) => s.username !== null);

/** `relay`: media only through TURN (a network where nothing else gets through); `all`: the best path ICE finds. */
export const IceTransportPolicy = z.enum(['all', 'relay']);
export type IceTransportPolicy = z.infer<typeof IceTransportPolicy>;

/** The SIP account as IT configures it; the passwords are never part of it (they live in the vault). */
export const PhoneAccount = z.object({
  uri: SipUri,
  wsServers: z.array(SipWsServer).min(1).max(5),
  displayName: z.string().trim().max(100),
  /** Digest user when it differs from the URI's user part. */
  authorizationUser: z.string().trim().min(1).max(100).nullable(),
  dtmfTransport: DtmfTransport,
  /** Empty: host candidates only, enough on a LAN or a PBX that latches onto the agent's address. */
  iceServers: z.array(IceServer).max(4).default([]),
  iceTransportPolicy: IceTransportPolicy.default('all'),
  /** Whether a password is stored for this account (the password itself never leaves through this shape). */
  hasPassword: z.boolean(),
  /** Whether the TURN servers' password is stored (false when no TURN server is configured). */
  hasTurnPassword: z.boolean().default(false),
  /** The fields IT's machine-wide policy sets (src/core/phone/phone-policy.ts): shown locked, never the agent's to change. */
  fromPolicy: z.array(z.enum(['wsServers', 'domain', 'iceServers'])).default([]),
});
export type PhonePolicyField = PhoneAccount['fromPolicy'][number];
export type PhoneAccount = z.infer<typeof PhoneAccount>;

/**
 * What the core wants the phone to do, derived from presence:
 * register — Ready (Available, and Busy / Wrap-up, where call waiting still rings): take calls.
 * register-busy — Not Ready / DND (Break, Lunch, Training, Meeting): the phone stays registered so
 *   the agent can still dial out and the PBX still sees the endpoint, but every incoming call is
 *   refused at once with 486 Busy Here (RFC 3261 §21.4.24), which the PBX or queue treats as
 *   "agent busy" and routes elsewhere. The mapping lives in core/phone/phone-service.ts
 *   registrationPolicyFor.
 * unregister — Offline or quitting: off the server, nothing rings here.
 */
export const PhoneRegistrationPolicy = z.enum(['register', 'register-busy', 'unregister']);
export type PhoneRegistrationPolicy = z.infer<typeof PhoneRegistrationPolicy>;

export const PhonePolicy = z.object({
  registration: PhoneRegistrationPolicy,
  presence: PresenceState,
});
export type PhonePolicy = z.infer<typeof PhonePolicy>;

/** The engine's registration, as shown in the status bar and the tray. */
export const PhoneRegistrationState = z.enum([
  'unconfigured',
  'unregistered',
  'connecting',
  'registering',
  'registered',
  'failed',
]);
export type PhoneRegistrationState = z.infer<typeof PhoneRegistrationState>;

export const PhoneFailureReason = z.enum(['wrong-password', 'server-unreachable', 'rejected', 'no-password']);
export type PhoneFailureReason = z.infer<typeof PhoneFailureReason>;

export const PhoneStatus = z.object({
  registration: PhoneRegistrationState,
  failure: PhoneFailureReason.nullable(),
  /** Calls in progress (ringing, active or held), so the tray can show "on a call". */
  activeCalls: z.number().int().min(0).max(20),
  at: z.iso.datetime(),
});
export type PhoneStatus = z.infer<typeof PhoneStatus>;

export const SetPhoneAccountInput = z
  .object({
    uri: SipUri,
    wsServers: z.array(SipWsServer).min(1).max(5),
    displayName: z.string().trim().max(100).default(''),
    authorizationUser: z.string().trim().min(1).max(100).nullable().default(null),
    dtmfTransport: DtmfTransport.default('rfc4733'),
    iceServers: z.array(IceServer).max(4).default([]),
    iceTransportPolicy: IceTransportPolicy.default('all'),
    /** Omitted: keep the stored password. */
    password: z.string().min(1).max(200).optional(),
    /** The TURN servers' long-term credential; omitted: keep the stored one. */
    turnPassword: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((a) => a.iceTransportPolicy === 'all' || a.iceServers.some((s) => s.urls.some(isTurn)), {
    message: 'relay-only media needs a TURN server',
    path: ['iceTransportPolicy'],
  });
export type SetPhoneAccountInput = z.input<typeof SetPhoneAccountInput>;

export const phone = {
  /** The account without its password, for settings and display. Null until IT configures one. */
  account: method(z.object({}).strict(), PhoneAccount.nullable()),
  setAccount: method(SetPhoneAccountInput, PhoneAccount),
  /**
   * The account and its passwords, for the renderer's phone engine only: it needs the SIP password
   * to answer the server's digest challenge and the TURN password to relay media. Fails with
   * PHONE_NOT_CONFIGURED when there is no SIP password, or a TURN server but no TURN password.
   */
  credentials: method(
    z.object({}).strict(),
    z.object({ account: PhoneAccount, password: z.string(), turnPassword: z.string().nullable() }),
  ),
  policy: method(z.object({}).strict(), PhonePolicy),
  /** The engine reports its registration and calls; the core tells the tray and other windows. */
  reportStatus: method(PhoneStatus.omit({ at: true }).strict(), PhoneStatus),
  status: method(z.object({}).strict(), PhoneStatus),
  /**
   * A tel:/sip: link or click-to-dial from outside the phone panel (the OS protocol handler, a
   * second window): the core forwards it to the phone engine as 'phone.dialRequested'.
   */
  requestDial: method(
    z.object({ target: z.string().trim().min(1).max(300).regex(/^(tel:|sips?:)?[^\s<>"]+$/, 'a number, tel: or sip: address') }).strict(),
    z.object({ target: z.string() }),
  ),
} as const;

export const phoneEvents = {
  'phone.policy': PhonePolicy,
  'phone.account': PhoneAccount.nullable(),
  'phone.status': PhoneStatus,
  'phone.dialRequested': z.object({ target: z.string() }),
} as const;
