import { z } from 'zod';
import { WrapupRule } from './wrapup-rule';
import { Contact } from './contacts';
import { method } from './define';
import { SKIP_REASON_MAX_LENGTH } from '../shared/text-limits';
import { E164, Id, IsoTime } from '../shared/primitives';

/**
 * Campaigns are configured on the server and pulled to every workstation: the script agents
 * follow, the disposition codes they may pick, the wrap-up rule and, for outbound
 * campaigns, a lead list worked by preview dialing. The agent works one campaign at a time;
 * calls taken or placed while working it belong to it.
 */
export const CampaignId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
export type CampaignId = z.infer<typeof CampaignId>;

export const DispositionCode = z.object({
  code: z.string().trim().min(1).max(64),
  label: z.string().trim().min(1).max(200),
  needsCallback: z.boolean(),
  /** The customer's need was met on this call: counts toward first-contact resolution (the supervisor's KPIs). */
  resolves: z.boolean().optional(),
});
export type DispositionCode = z.infer<typeof DispositionCode>;

export const Campaign = z.object({
  id: CampaignId,
  name: z.string().trim().min(1).max(200),
  /** The call script agents follow on this campaign's calls, if it has one. */
  scriptId: z.string().trim().min(1).max(100).nullable(),
  wrapup: WrapupRule,
  dispositions: z.array(DispositionCode).min(1).max(100),
});
export type Campaign = z.infer<typeof Campaign>;

export const LeadStatus = z.enum(['pending', 'dialed', 'skipped']);
export type LeadStatus = z.infer<typeof LeadStatus>;

export const Lead = z.object({
  id: Id,
  campaignId: CampaignId,
  contactId: Id,
  position: z.number().int().nonnegative(),
  status: LeadStatus,
  skipReason: z.string().nullable(),
  callId: Id.nullable(),
  updatedAt: IsoTime,
});
export type Lead = z.infer<typeof Lead>;

/**
 * Why a lead can't be dialed, as data the desk words in the agent's language: the customer asked
 * not to be called, the contact has no phone, or the number is on the server's do-not-call list
 * (`listReason`: the list entry's reason as the server gave it, '' when none).
 */
export const LeadBlock = z.object({ kind: z.enum(['asked', 'no-number', 'listed']), listReason: z.string() });
export type LeadBlock = z.infer<typeof LeadBlock>;

/** What the agent sees before deciding to dial or skip: the lead, its contact, and whether it may be dialed. */
export const LeadPreview = z.object({
  lead: Lead,
  contact: Contact,
  /** The number a dial would use: the contact's first phone. */
  number: E164.nullable(),
  /** Why this lead can't be dialed (do-not-call, no phone), or null when it can. */
  blockedReason: z.string().nullable(),
  /** The same, as data (the desk shows this one, in the agent's language); null when it can be dialed. */
  blocked: LeadBlock.nullable(),
});
export type LeadPreview = z.infer<typeof LeadPreview>;

export const campaigns = {
  list: method(z.object({}).strict(), z.array(Campaign)),
  /** The campaign the agent is working, or null before they pick one. */
  active: method(z.object({}).strict(), Campaign.nullable()),
  select: method(z.object({ campaignId: CampaignId }).strict(), Campaign),
  /** The first pending lead of the campaign, previewed; null when the list is worked through. */
  nextLead: method(z.object({ campaignId: CampaignId }).strict(), LeadPreview.nullable()),
  /** Skips a lead, with the agent's reason; it syncs to the server. */
  skipLead: method(z.object({ leadId: Id, reason: z.string().trim().min(1).max(SKIP_REASON_MAX_LENGTH) }).strict(), Lead),
  /**
   * Dials a lead: refused with DO_NOT_CALL for a number on the do-not-call list, otherwise
   * marks it dialed and asks the phone to call (the 'phone.dialRequested' event).
   */
  dialLead: method(z.object({ leadId: Id }).strict(), z.object({ lead: Lead, number: E164 })),
} as const;

export const campaignsEvents = {
  'campaigns.changed': z.object({ active: Campaign.nullable() }),
} as const;
