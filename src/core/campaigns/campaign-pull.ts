import { AgentError, Campaign, type ServerCampaign, type ServerDncEntry, type ServerLead } from '../../contract';
import type { Logger } from '../log';
import type { Db } from '../store/database';

/**
 * Checks a pulled campaign against the contract. The server sends wrapup and dispositions
 * unchecked so that one campaign this workstation can't use is refused alone: the caller keeps
 * the previous version of that campaign and applies the rest of the page.
 */
export function validateServerCampaign(c: ServerCampaign): { ok: true; campaign: Campaign } | { ok: false; error: AgentError } {
  const parsed = Campaign.safeParse({ id: c.id, name: c.name, scriptId: c.scriptId, wrapup: c.wrapup, dispositions: c.dispositions });
  if (parsed.success) return { ok: true, campaign: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.map(String).join('.') || 'campaign'}: ${issue.message}` : 'invalid';
  return { ok: false, error: new AgentError('CAMPAIGN_INVALID', `Campaign "${c.id}" from the server is not valid (${where}); the previous version stays in use.`) };
}

/** Writes pulled campaigns, leads and do-not-call entries into migration 005/007's tables; called inside PullApplier's page transaction. */
export class CampaignPullApplier {
  private readonly s;

  constructor(
    db: Db,
    private readonly log: Logger,
  ) {
    this.s = {
      campaign: db.prepare(
        `INSERT INTO campaigns (id, name, script_id, wrapup, dispositions, position, updated_at)
         VALUES (@id, @name, @scriptId, @wrapup, @dispositions, @position, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, script_id = excluded.script_id, wrapup = excluded.wrapup,
           dispositions = excluded.dispositions, position = excluded.position, updated_at = excluded.updated_at`,
      ),
      lead: db.prepare(
        `INSERT INTO leads (id, campaign_id, contact_id, position, status, skip_reason, call_id, worked_by, updated_at)
         VALUES (@id, @campaignId, @contactId, @position, @status, @skipReason, @callId, @workedBy, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id, contact_id = excluded.contact_id, position = excluded.position,
           status = excluded.status, skip_reason = excluded.skip_reason, call_id = coalesce(excluded.call_id, leads.call_id),
           worked_by = excluded.worked_by, updated_at = excluded.updated_at`,
      ),
      listDnc: db.prepare<[string, string, string]>(
        `INSERT INTO dnc_numbers (e164, reason, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (e164) DO UPDATE SET reason = excluded.reason, updated_at = excluded.updated_at`,
      ),
      unlistDnc: db.prepare<[string]>('DELETE FROM dnc_numbers WHERE e164 = ?'),
    };
  }

  /** Returns the refusal when the campaign is invalid (logged here), null when applied. */
  applyCampaign(c: ServerCampaign): AgentError | null {
    const checked = validateServerCampaign(c);
    if (!checked.ok) {
      this.log.error('refused a campaign from the server', { code: checked.error.code, campaignId: c.id, message: checked.error.message });
      return checked.error;
    }
    const { campaign } = checked;
    this.s.campaign.run({
      id: campaign.id,
      name: campaign.name,
      scriptId: campaign.scriptId,
      wrapup: JSON.stringify(campaign.wrapup),
      dispositions: JSON.stringify(campaign.dispositions),
      position: c.position,
      updatedAt: c.updatedAt,
    });
    return null;
  }

  /** A lead with a local outcome not yet confirmed keeps it: the server decides when it arrives. */
  applyLead(l: ServerLead, pendingHere: boolean): void {
    if (pendingHere) return;
    this.s.lead.run(l);
  }

  applyDnc(d: ServerDncEntry): void {
    if (d.listed) this.s.listDnc.run(d.number, d.reason, d.updatedAt);
    else this.s.unlistDnc.run(d.number);
  }
}
