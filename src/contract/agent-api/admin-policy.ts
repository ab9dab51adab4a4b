import { z } from 'zod';
import { IceServer, SipWsServer } from './phone';
import { refuseInsecureServerUrl } from '../shared/secure-url';

/**
 * IT's per-machine policy (issue 15 B1): each setting's schema on its own, so one bad value is
 * reported by name and the others still apply. Secrets (a TURN credential) are not policy: they
 * stay in the keychain.
 */
export const AdminPolicyFields = {
  /**
   * The sync server every profile on this machine uses: `https://` — plain `http://` only to this
   * machine (loopback), per the one rule in shared/secure-url.ts.
   */
  syncServerUrl: z
    .string()
    .trim()
    .max(2000)
    .superRefine((url, ctx) => {
      const refused = refuseInsecureServerUrl(url, 'sync');
      if (refused) ctx.addIssue({ code: 'custom', message: refused.message, params: { code: refused.code } });
    }),
  /** The SIP proxy/PBX WebSocket servers and the SIP domain agents register in. */
  sipWsServers: z.array(SipWsServer).min(1).max(5),
  sipDomain: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/, 'must be a host name'),
  /** STUN/TURN servers (without credentials). */
  iceServers: z.array(IceServer).max(4),
  /** ISO 3166 country a number without a country code belongs to. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code like PK'),
  /** Updates: off, the channel, and the share of machines (0–100 %) that take a new version first. */
  updates: z
    .object({
      enabled: z.boolean().default(true),
      channel: z.enum(['latest', 'beta']).default('latest'),
      rolloutPercent: z.number().int().min(0).max(100).default(100),
    })
    .strict(),
  /** Minutes without input after which an Available agent goes on Break. */
  idleAwayMinutes: z.number().int().min(1).max(480),
  /** Days synced customer data stays on the laptop (contacts not touched, old calls and notes). */
  retentionDays: z.number().int().min(1).max(3650),
  /**
   * The desk's language preset by IT, a BCP 47 tag: `en` or `ur`, optionally with the region
   * dates and numbers are formatted for (`ur-PK`, `en-GB`; Pakistan when none). The agent may
   * still pick another language on the desk; their pick wins on that machine.
   */
  locale: z.string().regex(/^(en|ur)(-[A-Z]{2})?$/, 'must be en or ur, optionally with a region, like ur-PK'),
  /** Settings the agent may not change on this machine: shown as locked in the UI. */
  locked: z.array(z.enum(['phone.account', 'phone.devices', 'phone.dtmfTransport', 'sync.server', 'presence.idleAway'])).max(10),
} as const;

export type AdminPolicyField = keyof typeof AdminPolicyFields;
export const ADMIN_POLICY_FIELD_NAMES = Object.keys(AdminPolicyFields) as AdminPolicyField[];
export const LockableSetting = AdminPolicyFields.locked.element;
export type LockableSetting = z.infer<typeof LockableSetting>;

/** The policy as it applies: each field IT set that was valid. */
export const AdminPolicy = z.object(AdminPolicyFields).partial();
export type AdminPolicy = z.infer<typeof AdminPolicy>;

/** A setting that was refused, by name, and why; the rest of the policy still applies. */
export const PolicyProblem = z.object({ field: z.string(), source: z.enum(['file', 'env']), message: z.string() });
export type PolicyProblem = z.infer<typeof PolicyProblem>;

/** What `app.policy` answers: the policy in force, its problems, and where it was read from. */
export const AdminPolicyView = z.object({ policy: AdminPolicy, problems: z.array(PolicyProblem), file: z.string().nullable() });
export type AdminPolicyView = z.infer<typeof AdminPolicyView>;
