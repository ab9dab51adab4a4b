import { z } from 'zod';
import { AgentError, WrapupRule, Campaign, DispositionCode, type Lead } from '../../contract';
import type { Db } from '../store/database';

interface CampaignRow {
  id: string;
  name: string;
  script_id: string | null;
  wrapup: string;
  dispositions: string;
}
export interface LeadRow {
  id: string;
  campaign_id: string;
  contact_id: string;
  position: number;
  status: Lead['status'];
  skip_reason: string | null;
  call_id: string | null;
  updated_at: string;
}

const ACTIVE_KEY = 'campaigns.active';
const Dispositions = z.array(DispositionCode);

/** Campaign rows come from the server through pull-apply; read back, they are checked again. */
const toCampaign = (r: CampaignRow): Campaign =>
  Campaign.parse({
    id: r.id,
    name: r.name,
    scriptId: r.script_id,
    wrapup: WrapupRule.parse(JSON.parse(r.wrapup)),
    dispositions: Dispositions.parse(JSON.parse(r.dispositions)),
  });

export const toLead = (r: LeadRow): Lead => ({
  id: r.id,
  campaignId: r.campaign_id,
  contactId: r.contact_id,
  position: r.position,
  status: r.status,
  skipReason: r.skip_reason,
  callId: r.call_id,
  updatedAt: r.updated_at,
});

/** The campaigns pulled from the server, and which one the agent is working. */
export class CampaignRepository {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      all: db.prepare<[], CampaignRow>('SELECT id, name, script_id, wrapup, dispositions FROM campaigns ORDER BY position, name'),
      byId: db.prepare<[string], CampaignRow>('SELECT id, name, script_id, wrapup, dispositions FROM campaigns WHERE id = ?'),
      ofCall: db.prepare<[string], { campaign_id: string | null }>('SELECT campaign_id FROM calls WHERE id = ?'),
      getActive: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setActive: db.prepare<[string, string]>(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  list(): Campaign[] {
    return this.s.all.all().map(toCampaign);
  }

  get(id: string): Campaign | null {
    const row = this.s.byId.get(id);
    return row ? toCampaign(row) : null;
  }

  require(id: string): Campaign {
    const campaign = this.get(id);
    if (!campaign) throw new AgentError('NOT_FOUND', `There is no campaign "${id}" on this workstation yet.`);
    return campaign;
  }

  /** The campaign the agent works; before they pick one, the first campaign there is. */
  active(): Campaign | null {
    const chosen = this.s.getActive.get(ACTIVE_KEY);
    return (chosen && this.get(chosen.value)) ?? this.list()[0] ?? null;
  }

  select(id: string): Campaign {
    const campaign = this.require(id);
    this.s.setActive.run(ACTIVE_KEY, id);
    return campaign;
  }

  /** The campaign a call belongs to, when it belongs to one that is still configured. */
  forCall(callId: string): Campaign | null {
    const row = this.s.ofCall.get(callId);
    return row?.campaign_id ? this.get(row.campaign_id) : null;
  }
}
