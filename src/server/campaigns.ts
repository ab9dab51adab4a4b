import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Campaign, CampaignId, E164, Id, type ServerCampaign } from '../contract';
import { inChangeTransaction, logForEveryone, maxVersion } from './change-log';
import type { SyncDb } from './db';
import { LEAD_SNAPSHOT_SQL } from './leads';
import { ISO } from './push-batch';

/**
 * Campaign administration on the server: what a supervisor's tool (or the demo seed) does.
 * Every agent sees campaigns, leads and the DNC list.
 */

/**
 * Creates or updates a campaign; nothing is logged when nothing changed (the demo seeds at every
 * start). Callers validate with the contract's Campaign first, as seedCampaigns does; clients
 * validate again, because a newer server may publish what an older client cannot read.
 */
export async function publishCampaign(db: SyncDb, c: Omit<ServerCampaign, 'updatedAt'>): Promise<void> {
  await inChangeTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ updated: string }>(
      `INSERT INTO campaigns (id, name, script_id, wrapup, dispositions, position) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, script_id = excluded.script_id, wrapup = excluded.wrapup,
         dispositions = excluded.dispositions, position = excluded.position, updated_at = now()
       WHERE (campaigns.name, campaigns.script_id, campaigns.wrapup, campaigns.dispositions, campaigns.position)
             IS DISTINCT FROM (excluded.name, excluded.script_id, excluded.wrapup, excluded.dispositions, excluded.position)
       RETURNING ${ISO('updated_at')} AS updated`,
      [c.id, c.name, c.scriptId, JSON.stringify(c.wrapup ?? null), JSON.stringify(c.dispositions ?? null), c.position],
    );
    const updatedAt = rows[0]?.updated;
    if (updatedAt === undefined) return null;
    return logForEveryone(tx, 'campaign', c.id, { entity: 'campaign', campaign: { ...c, updatedAt } });
  });
}

export const NewLead = z.object({ id: Id, campaignId: CampaignId, contactId: Id, position: z.number().int().nonnegative() });
export type NewLead = z.infer<typeof NewLead>;

/** Adds leads to campaigns' lists. A lead already there is left as it is: its status is the agents' work. */
export async function publishLeads(db: SyncDb, leads: readonly NewLead[]): Promise<void> {
  if (leads.length === 0) return;
  await inChangeTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ v: string }>(
      `WITH added AS (
         INSERT INTO leads (id, campaign_id, contact_id, position)
         SELECT x.id, x."campaignId", x."contactId", x.position
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "campaignId" text, "contactId" uuid, position int)
         ON CONFLICT (id) DO NOTHING
         RETURNING *)
       INSERT INTO change_log (version, entity, entity_id, audience, payload)
       SELECT nextval('change_version'), 'lead', l.id::text, NULL, ${LEAD_SNAPSHOT_SQL}
       FROM (SELECT * FROM added ORDER BY campaign_id, position) l
       ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
       RETURNING version::text AS v`,
      [JSON.stringify(leads)],
    );
    return maxVersion(rows);
  });
}

/** Puts a number on the do-not-call list, or takes it off (`listed: false`). */
export async function setDoNotCallNumber(db: SyncDb, number: string, listed: boolean, reason = ''): Promise<void> {
  const e164 = E164.parse(number);
  await inChangeTransaction(db, async (tx) => {
    const { rows } = listed
      ? await tx.query<{ at: string }>(
          `INSERT INTO dnc_numbers (number, reason) VALUES ($1, $2)
           ON CONFLICT (number) DO UPDATE SET reason = excluded.reason WHERE dnc_numbers.reason IS DISTINCT FROM excluded.reason
           RETURNING ${ISO('now()')} AS at`,
          [e164, reason],
        )
      : await tx.query<{ at: string }>(`DELETE FROM dnc_numbers WHERE number = $1 RETURNING ${ISO('now()')} AS at`, [e164]);
    const at = rows[0]?.at;
    if (at === undefined) return null;
    return logForEveryone(tx, 'dnc', e164, { entity: 'dnc', dnc: { number: e164, listed, reason: listed ? reason : '', updatedAt: at } });
  });
}

/** Restricts a campaign to these agents (an empty list opens it to everyone again). */
export async function assignCampaign(db: SyncDb, campaignId: string, agentIds: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM campaign_agents WHERE campaign_id = $1', [campaignId]);
    for (const agentId of agentIds) await tx.query('INSERT INTO campaign_agents (campaign_id, agent_id) VALUES ($1, $2)', [campaignId, agentId]);
  });
}

const DemoDnc = z.object({ number: E164, reason: z.string().max(200) });

/** The demo's campaigns (validated against the contract), their lead lists and DNC numbers. */
export async function seedCampaigns(db: SyncDb, resourcesDir: string): Promise<void> {
  const read = (file: string): unknown => {
    const full = path.join(resourcesDir, file);
    return fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, 'utf8')) : [];
  };
  const campaigns = z.array(Campaign).parse(read('campaigns.json'));
  for (const [position, c] of campaigns.entries()) await publishCampaign(db, { ...c, position });
  await publishLeads(db, z.array(NewLead).parse(read('leads.json')));
  for (const d of z.array(DemoDnc).parse(read('dnc.json'))) await setDoNotCallNumber(db, d.number, true, d.reason);
}
