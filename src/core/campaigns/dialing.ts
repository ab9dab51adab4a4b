import type { LeadBlock } from '../../contract';

/**
 * The rules of preview dialing, as pure functions: whether a lead may be dialed (and the reason
 * shown to the agent when not), and which campaign and lead a newly logged call belongs to.
 */

export interface DialCandidate {
  readonly contactName: string;
  /** The contact's own request not to be called (an agent-editable contact field). */
  readonly doNotCall: boolean;
  /** The number a dial would use, or null when the contact has no phone. */
  readonly number: string | null;
  /** The server's do-not-call list entry for that number, if it is listed. */
  readonly listed: { readonly reason: string } | null;
}

export type DialBlock = {
  readonly code: 'DO_NOT_CALL' | 'NOT_FOUND';
  readonly message: string;
  /** The same reason as data, for the agent's language (campaigns.ts `LeadBlock`). */
  readonly block: LeadBlock;
};

/** Why this lead can't be dialed, or null when it can. The customer's own request is named first. */
export function dialBlock(c: DialCandidate): DialBlock | null {
  if (c.doNotCall) return { code: 'DO_NOT_CALL', message: `${c.contactName} asked not to be called (do not call).`, block: { kind: 'asked', listReason: '' } };
  if (c.number === null) return { code: 'NOT_FOUND', message: `${c.contactName} has no phone number to dial.`, block: { kind: 'no-number', listReason: '' } };
  if (c.listed) {
    const why = c.listed.reason.trim();
    return { code: 'DO_NOT_CALL', message: `${c.number} is on the do-not-call list${why ? ` (${why})` : ''}.`, block: { kind: 'listed', listReason: why } };
  }
  return null;
}

export interface RecentDial {
  readonly leadId: string;
  readonly campaignId: string;
  readonly dialedNumber: string;
  readonly dialedAt: string;
}

export interface NewCall {
  readonly direction: 'inbound' | 'outbound';
  readonly remoteE164: string | null;
  readonly startedAt: string;
}

/** A dial request that reaches the phone and becomes a logged call well within this. */
export const LEAD_CALL_WINDOW_MS = 60_000;

/**
 * The campaign a new call belongs to and the lead it answers, if any: an outbound call to the
 * number of a lead dialed within the last minute is that lead's call (the newest such dial
 * wins); any other call belongs to the campaign the agent is working.
 */
export function campaignForCall(
  call: NewCall,
  recentDials: readonly RecentDial[],
  activeCampaignId: string | null,
  windowMs: number = LEAD_CALL_WINDOW_MS,
): { campaignId: string | null; leadId: string | null } {
  if (call.direction === 'outbound' && call.remoteE164) {
    const at = Date.parse(call.startedAt);
    const match = recentDials
      .filter((d) => d.dialedNumber === call.remoteE164)
      .filter((d) => {
        const dialed = Date.parse(d.dialedAt);
        // A little slack the other way: the phone's clock and the core's are the same machine's, but not the same read.
        return at - dialed <= windowMs && dialed - at <= 5_000;
      })
      .sort((a, b) => Date.parse(b.dialedAt) - Date.parse(a.dialedAt))[0];
    if (match) return { campaignId: match.campaignId, leadId: match.leadId };
  }
  return { campaignId: activeCampaignId, leadId: null };
}
