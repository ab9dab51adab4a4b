import { z } from 'zod';
import { AgentError, ServerLead, type Mutation } from '../contract';
import type { Sql } from './db';
import { ISO, markChanged, snapshotWriter, type Rules, type Writer } from './push-batch';

/**
 * Campaign leads on the server: loading the leads a push touches, deciding a lead outcome (a
 * pure function: who may work the lead, first agent wins, no dialing a do-not-call number) and
 * writing the result. The push applies them in its batch (push-rules.ts), so a lead outcome is
 * applied exactly once, in the same transaction as the processed-mutation record.
 */

type LeadOutcome = Extract<Mutation, { kind: 'lead.outcome' }>;

export interface LeadState {
  lead: ServerLead;
  /** Whether the pushing agent may work this lead's campaign (assigned, or the campaign is open to all). */
  allowed: boolean;
  /** The contact's own do-not-call flag, as stored on the server. */
  contactDoNotCall: boolean;
  /** The contact's numbers (and any number a pushed outcome names) that are on the DNC list. */
  listedNumbers: ReadonlySet<string>;
}

/** The change-log snapshot of a lead row `l`, in the ServerLead shape, built in SQL. */
export const LEAD_SNAPSHOT_SQL = `jsonb_build_object('entity', 'lead', 'lead', jsonb_build_object(
  'id', l.id, 'campaignId', l.campaign_id, 'contactId', l.contact_id, 'position', l.position, 'status', l.status,
  'skipReason', l.skip_reason, 'callId', l.call_id, 'workedBy', l.worked_by, 'updatedAt', ${ISO('l.updated_at')}))`;

const Row = z.object({
  snapshot: z.unknown(),
  allowed: z.boolean(),
  contact_dnc: z.boolean(),
  listed: z.array(z.string()),
});

/** The leads named by the batch's lead outcomes, with what deciding them needs. */
export async function loadLeads(tx: Sql, agentId: string, mutations: readonly Mutation[]): Promise<Map<string, LeadState>> {
  const outcomes = mutations.filter((m): m is LeadOutcome => m.kind === 'lead.outcome');
  const out = new Map<string, LeadState>();
  if (outcomes.length === 0) return out;
  const ids = [...new Set(outcomes.map((m) => m.leadId))];
  const numbers = [...new Set(outcomes.flatMap((m) => (m.number ? [m.number] : [])))];
  const { rows } = await tx.query(
    `SELECT ${LEAD_SNAPSHOT_SQL}->'lead' AS snapshot,
            (NOT EXISTS (SELECT 1 FROM campaign_agents a WHERE a.campaign_id = l.campaign_id)
             OR EXISTS (SELECT 1 FROM campaign_agents a WHERE a.campaign_id = l.campaign_id AND a.agent_id = $2)) AS allowed,
            coalesce(c.do_not_call, false) AS contact_dnc,
            coalesce((SELECT array_agg(d.number) FROM dnc_numbers d
                      WHERE d.number IN (SELECT p.number FROM contact_phones p WHERE p.contact_id = l.contact_id)
                         OR d.number IN (SELECT value FROM jsonb_array_elements_text($3::jsonb))), ARRAY[]::text[]) AS listed
     FROM leads l LEFT JOIN contacts c ON c.id = l.contact_id
     WHERE l.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) ORDER BY l.id FOR UPDATE OF l`,
    [JSON.stringify(ids), agentId, JSON.stringify(numbers)],
  );
  for (const raw of rows) {
    const r = Row.parse(raw);
    const lead = ServerLead.parse(r.snapshot);
    out.set(lead.id, { lead, allowed: r.allowed, contactDoNotCall: r.contact_dnc, listedNumbers: new Set(r.listed) });
  }
  return out;
}

/**
 * The lead after the agent's outcome, or an AgentError: an unknown lead, a campaign the agent
 * is not assigned to, a lead another agent already worked (the first to reach the server wins),
 * or a dial of a number that must not be called. The same agent may send a lead's outcome again
 * (the dial is sent once more with the call's id when the call is logged).
 */
export function decideLeadOutcome(state: LeadState | undefined, agentId: string, m: LeadOutcome, now: string): ServerLead {
  if (!state) throw new AgentError('NOT_FOUND', 'This lead is not on the server (it may have been removed from the campaign).');
  const { lead } = state;
  if (!state.allowed) throw new AgentError('FORBIDDEN', `You are not assigned to the campaign "${lead.campaignId}".`);
  if (lead.workedBy !== null && lead.workedBy !== agentId) {
    throw new AgentError('LEAD_TAKEN', `Another agent already ${lead.status === 'skipped' ? 'skipped' : 'dialed'} this lead.`);
  }
  if (m.status === 'dialed') {
    if (state.contactDoNotCall) throw new AgentError('DO_NOT_CALL', 'The contact asked not to be called; the dial was recorded as refused.');
    // Only a repeat of this agent's checked dial (sent again with the call's id) may leave the
    // number out; a first dial without one would skip the do-not-call list.
    const repeat = lead.status === 'dialed' && lead.workedBy === agentId;
    if (m.number === null && !repeat) throw new AgentError('DO_NOT_CALL', 'A dial must name the number dialed, to be checked against the do-not-call list.');
    if (m.number !== null && state.listedNumbers.has(m.number)) throw new AgentError('DO_NOT_CALL', `${m.number} is on the do-not-call list.`);
  }
  return {
    ...lead,
    status: m.status,
    skipReason: m.status === 'skipped' ? m.reason : null,
    // A repeated dial without the call id keeps the id already linked.
    callId: m.callId ?? (m.status === 'dialed' ? lead.callId : null),
    workedBy: agentId,
    updatedAt: now,
  };
}

export const leadRules: Rules<'lead.outcome'> = {
  // loadLeads reads the batch's lead outcomes itself: deciding one needs the campaign and DNC list too.
  'lead.outcome': {
    apply: (b, m) => {
      const state = b.leads.get(m.leadId);
      // A do-not-call flag set earlier in this batch counts too.
      const contact = state ? b.contacts.get(state.lead.contactId) : undefined;
      const lead = decideLeadOutcome(contact && state ? { ...state, contactDoNotCall: contact.fields.doNotCall } : state, b.agentId, m, b.now);
      if (state) state.lead = lead;
      markChanged(b, 'lead', m.leadId);
    },
  },
};

/** Writes the decided leads; every agent on the campaign must see that a lead is taken. */
export const writeLeads: Writer = snapshotWriter({
  name: 'lead',
  lookup: (b, id) => b.leads.get(id)?.lead,
  sql: `UPDATE leads l SET status = x.status, skip_reason = x."skipReason", call_id = x."callId", worked_by = x."workedBy",
       worked_at = coalesce(l.worked_at, x."updatedAt"), updated_at = x."updatedAt"
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, "skipReason" text, "callId" uuid, "workedBy" uuid, "updatedAt" timestamptz)
     WHERE l.id = x.id`,
  audience: () => null,
  change: (lead) => ({ entity: 'lead', lead }),
});
