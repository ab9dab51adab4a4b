import { AgentError, type Contact, type Lead, type LeadPreview, type Mutation } from '../../contract';
import type { ContactRepository } from '../contacts/contact-repository';
import type { Db } from '../store/database';
import { Outbox } from '../sync/outbox';
import { toLead, type LeadRow } from './campaign-repository';
import { campaignForCall, dialBlock, LEAD_CALL_WINDOW_MS, type DialBlock, type NewCall } from './dialing';

const LEAD_COLUMNS = 'l.id, l.campaign_id, l.contact_id, l.position, l.status, l.skip_reason, l.call_id, l.updated_at';

export const contactName = (c: Pick<Contact, 'firstName' | 'lastName' | 'company'>) =>
  `${c.firstName} ${c.lastName}`.trim() || c.company || 'This contact';

type LeadOutcome = Extract<Mutation, { kind: 'lead.outcome' }>;

/**
 * A campaign's lead list as the agent works it: the next pending lead previewed with its
 * contact, and skip / dial, each written with its outbox row in one transaction. The list comes
 * from the server (pull-apply); a lead another agent worked arrives already dialed or skipped.
 */
export class LeadRepository {
  private readonly s;

  private readonly outbox: Outbox;

  constructor(
    private readonly db: Db,
    private readonly contacts: ContactRepository,
  ) {
    this.outbox = Outbox.for(db);
    this.s = {
      byId: db.prepare<[string], LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.id = ?`),
      // A lead whose contact has not been pulled yet can't be previewed: it waits for the next sync.
      nextPending: db.prepare<[string], LeadRow>(
        `SELECT ${LEAD_COLUMNS} FROM leads l JOIN contacts c ON c.id = l.contact_id
         WHERE l.campaign_id = ? AND l.status = 'pending' ORDER BY l.position, l.id LIMIT 1`,
      ),
      dnc: db.prepare<[string], { reason: string }>('SELECT reason FROM dnc_numbers WHERE e164 = ?'),
      skip: db.prepare<[string, string, string]>("UPDATE leads SET status = 'skipped', skip_reason = ?, updated_at = ? WHERE id = ?"),
      dial: db.prepare<[string, string, string, string]>(
        "UPDATE leads SET status = 'dialed', skip_reason = NULL, dialed_number = ?, dialed_at = ?, updated_at = ? WHERE id = ?",
      ),
      recentDials: db.prepare<[string, string], { id: string; campaign_id: string; dialed_number: string; dialed_at: string }>(
        `SELECT id, campaign_id, dialed_number, dialed_at FROM leads
         WHERE dialed_number = ? AND dialed_at >= ? AND status = 'dialed' AND call_id IS NULL`,
      ),
      linkCall: db.prepare<[string, string, string]>('UPDATE leads SET call_id = ?, updated_at = ? WHERE id = ?'),
      callCampaign: db.prepare<[string | null, string]>('UPDATE calls SET campaign_id = ? WHERE id = ?'),
    };
  }

  get(id: string): Lead | null {
    const row = this.s.byId.get(id);
    return row ? toLead(row) : null;
  }

  require(id: string): Lead {
    return this.get(id) ?? fail('NOT_FOUND', 'That lead is not on this workstation.');
  }

  /** The first pending lead of the campaign, previewed; null when the list is worked through. */
  next(campaignId: string): LeadPreview | null {
    const row = this.s.nextPending.get(campaignId);
    return row ? this.preview(toLead(row)) : null;
  }

  preview(lead: Lead): LeadPreview {
    const { contact, number, block } = this.assess(lead);
    return { lead, contact, number, blockedReason: block?.message ?? null, blocked: block?.block ?? null };
  }

  /** The lead's contact, the number a dial would use, and why it can't be dialed (if so). */
  private assess(lead: Lead): { contact: Contact; number: string | null; block: DialBlock | null } {
    const contact = this.contacts.require(lead.contactId);
    const number = contact.phones[0]?.number ?? null;
    const block = dialBlock({
      contactName: contactName(contact),
      doNotCall: contact.doNotCall,
      number,
      listed: number ? (this.s.dnc.get(number) ?? null) : null,
    });
    return { contact, number, block };
  }

  skip(id: string, reason: string, now: Date = new Date()): Lead {
    const at = now.toISOString();
    return this.outbox.write(() => {
      const lead = this.requirePending(id);
      this.s.skip.run(reason, at, id);
      this.enqueue({ kind: 'lead.outcome', leadId: id, status: 'skipped', reason, number: null, callId: null, at });
      return this.require(lead.id);
    });
  }

  /**
   * Marks the lead dialed and returns the number to call, or refuses: DO_NOT_CALL when the
   * customer asked not to be called or the number is on the do-not-call list, with the reason.
   */
  /** `ensurePhoneReady` throws when the phone can't place the call now: the lead is then left pending. */
  dial(id: string, ensurePhoneReady: () => void = () => undefined, now: Date = new Date()): { lead: Lead; number: string } {
    const at = now.toISOString();
    return this.outbox.write(() => {
      const lead = this.requirePending(id);
      const { number, block } = this.assess(lead);
      if (block || number === null) throw new AgentError(block?.code ?? 'NOT_FOUND', block?.message ?? 'This lead has no number to dial.');
      ensurePhoneReady();
      this.s.dial.run(number, at, at, id);
      this.enqueue({ kind: 'lead.outcome', leadId: id, status: 'dialed', reason: null, number, callId: null, at });
      return { lead: this.require(id), number };
    });
  }

  /**
   * Runs inside the transaction that logs a new call (CallRepository.onNewCall): files the call
   * under its campaign and, when it is a lead's dial, links the call to the lead and tells the
   * server which call worked the lead.
   */
  linkNewCall(call: NewCall & { id: string }, activeCampaignId: string | null): void {
    const since = new Date(Date.parse(call.startedAt) - LEAD_CALL_WINDOW_MS).toISOString();
    const recent = call.remoteE164 && call.direction === 'outbound' ? this.s.recentDials.all(call.remoteE164, since) : [];
    const { campaignId, leadId } = campaignForCall(
      call,
      recent.map((r) => ({ leadId: r.id, campaignId: r.campaign_id, dialedNumber: r.dialed_number, dialedAt: r.dialed_at })),
      activeCampaignId,
    );
    this.s.callCampaign.run(campaignId, call.id);
    if (!leadId) return;
    const dialed = recent.find((r) => r.id === leadId);
    this.s.linkCall.run(call.id, call.startedAt, leadId);
    this.enqueue({
      kind: 'lead.outcome',
      leadId,
      status: 'dialed',
      reason: null,
      number: dialed?.dialed_number ?? call.remoteE164,
      callId: call.id,
      at: dialed?.dialed_at ?? call.startedAt,
    });
  }

  private requirePending(id: string): Lead {
    const lead = this.require(id);
    if (lead.status !== 'pending') throw new AgentError('CONFLICT', `This lead was already ${lead.status}.`);
    return lead;
  }

  private enqueue(m: LeadOutcome): void {
    this.outbox.queue(m);
  }
}

function fail(code: 'NOT_FOUND', message: string): never {
  throw new AgentError(code, message);
}
