/**
 * Campaigns on a real local store: pulled campaigns, leads and do-not-call entries land in
 * migrations 005/007's tables (an invalid campaign is refused and the previous version kept, a
 * lead with an unconfirmed local outcome keeps it), and the lead repository writes each skip and
 * dial with its outbox row and links the call the phone then logs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentError, type Change, type ServerCampaign, type ServerLead } from '../../src/contract';
import { CallRepository } from '../../src/core/calls/call-repository';
import { CampaignRepository } from '../../src/core/campaigns/campaign-repository';
import { LeadRepository } from '../../src/core/campaigns/lead-repository';
import { ContactRepository } from '../../src/core/contacts/contact-repository';
import { createLogger } from '../../src/core/log';
import { openDatabase, type Db } from '../../src/core/store/database';
import { Outbox } from '../../src/core/sync/outbox';
import { PullApplier } from '../../src/core/sync/pull-apply';
import { tempDir } from '../support/test-core';

const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

function store() {
  const db = openDatabase({ file: path.join(tempDir('agent-campaigns-'), 'w.db'), key: randomBytes(32) });
  dbs.push(db);
  const logs: string[] = [];
  const contacts = new ContactRepository(db);
  const calls = new CallRepository(db);
  const campaigns = new CampaignRepository(db);
  const leads = new LeadRepository(db, contacts);
  calls.onNewCall((call) => leads.linkNewCall(call, campaigns.active()?.id ?? null));
  return { db, logs, applier: new PullApplier(db, createLogger((l) => logs.push(l))), contacts, calls, campaigns, leads };
}

const campaign = (id: string, patch: Partial<ServerCampaign> = {}): ServerCampaign => ({
  id,
  name: `Campaign ${id}`,
  scriptId: null,
  wrapup: { mode: 'mandatory', seconds: null, timeoutDisposition: null },
  dispositions: [{ code: 'DONE', label: 'Done', needsCallback: false }],
  position: 0,
  updatedAt: '2026-11-26T09:00:00.000Z',
  ...patch,
});

const lead = (campaignId: string, contactId: string, position: number, patch: Partial<ServerLead> = {}): ServerLead => ({
  id: randomUUID(),
  campaignId,
  contactId,
  position,
  status: 'pending',
  skipReason: null,
  callId: null,
  workedBy: null,
  updatedAt: '2026-11-26T09:00:00.000Z',
  ...patch,
});

/** A change without its version (distributed over the union, so each entity keeps its own fields). */
type ChangeBody = Change extends infer C ? (C extends unknown ? Omit<C, 'version'> : never) : never;
let version = 0;
const page = (changes: ChangeBody[]) => ({ changes: changes.map((c) => ({ ...c, version: ++version }) as Change), cursor: version, hasMore: false });

function seeded() {
  const s = store();
  const sandra = s.contacts.create({ firstName: 'Sandra', lastName: 'Lee', company: '', email: '', phones: [{ label: 'mobile', number: '+13123045605' }], timezone: 'America/Chicago', doNotCall: false });
  const james = s.contacts.create({ firstName: 'James', lastName: 'Hernandez', company: 'Northwind', email: '', phones: [{ label: 'mobile', number: '+14156260422' }], timezone: '', doNotCall: true });
  const karen = s.contacts.create({ firstName: 'Karen', lastName: 'White', company: '', email: '', phones: [{ label: 'work', number: '+16175779166' }], timezone: '', doNotCall: false });
  s.db.prepare('DELETE FROM outbox').run();
  const leads = [lead('renewal', sandra.id, 0), lead('renewal', james.id, 1), lead('renewal', karen.id, 2)];
  const first = page([
    { entity: 'campaign', campaign: campaign('renewal', { position: 1 }) },
    { entity: 'campaign', campaign: campaign('retention', { position: 0 }) },
    ...leads.map((l) => ({ entity: 'lead' as const, lead: l })),
    { entity: 'dnc', dnc: { number: '+16175779166', listed: true, reason: 'Registry', updatedAt: '2026-11-26T09:00:00.000Z' } },
  ]);
  const summary = s.applier.applyPage(first);
  return { ...s, first, summary, leadIds: leads.map((l) => l.id), contactIds: { sandra: sandra.id, james: james.id, karen: karen.id } };
}

describe('pulled campaigns, leads and the do-not-call list', () => {
  it('land in the local tables; the picker lists campaigns in the server order', () => {
    const { campaigns, leads, summary, leadIds } = seeded();
    expect(summary).toMatchObject({ campaigns: 6, refused: [] });
    expect(campaigns.list().map((c) => c.id)).toEqual(['retention', 'renewal']);
    expect(leads.next('renewal')).toMatchObject({ lead: { id: leadIds[0], status: 'pending' }, number: '+13123045605', blockedReason: null });
  });

  it('stay as they are when a page already applied comes again (an old cursor may re-send)', () => {
    const { db, applier, campaigns, leads, leadIds, first } = seeded();
    const state = () => ({ campaigns: campaigns.list(), leads: leadIds.map((id) => leads.get(id)), next: leads.next('renewal'), dnc: db.prepare('SELECT * FROM dnc_numbers').all() });
    const once = state();
    applier.applyPage(first);
    expect(state()).toEqual(once);
  });

  it('refuse an invalid campaign with a logged CAMPAIGN_INVALID error and keep the previous version', () => {
    const { applier, campaigns, logs } = seeded();
    const before = campaigns.get('renewal');
    const summary = applier.applyPage(page([{ entity: 'campaign', campaign: campaign('renewal', { name: 'Broken', dispositions: [{ code: '' }] }) }]));
    expect(summary.refused).toEqual([expect.objectContaining({ entity: 'campaign', id: 'renewal', code: 'CAMPAIGN_INVALID' })]);
    expect(campaigns.get('renewal')).toEqual(before);
    expect(logs.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'refused a campaign from the server', code: 'CAMPAIGN_INVALID', campaignId: 'renewal' }),
    );
    // The rest of the page still applies, and the cursor moves past the refused row.
    expect(applier.cursor()).toBe(version);
  });

  it('keep a local outcome still in the outbox over a pulled lead, and take the server state once it is confirmed', () => {
    const { db, applier, leads, leadIds } = seeded();
    const [first] = leadIds;
    leads.skip(first!, 'Busy');
    const pulledPending = lead('renewal', randomUUID(), 0, { id: first! });
    applier.applyPage(page([{ entity: 'lead', lead: pulledPending }]));
    expect(leads.get(first!)).toMatchObject({ status: 'skipped', skipReason: 'Busy' });
    db.prepare('DELETE FROM outbox').run();
    applier.applyPage(page([{ entity: 'lead', lead: { ...pulledPending, contactId: leads.get(first!)!.contactId, status: 'dialed', workedBy: randomUUID() } }]));
    expect(leads.get(first!)).toMatchObject({ status: 'dialed', skipReason: null });
  });

  it('take a number off the do-not-call list when the server does', () => {
    const { applier, leads, leadIds } = seeded();
    leads.skip(leadIds[0]!, 'x');
    leads.skip(leadIds[1]!, 'x');
    expect(leads.next('renewal')?.blockedReason).toBe('+16175779166 is on the do-not-call list (Registry).');
    applier.applyPage(page([{ entity: 'dnc', dnc: { number: '+16175779166', listed: false, reason: '', updatedAt: '2026-11-26T10:00:00.000Z' } }]));
    expect(leads.next('renewal')?.blockedReason).toBeNull();
  });
});

describe('lead repository', () => {
  it('writes a skip and its lead.outcome in one transaction, and refuses to work a lead twice', () => {
    const { db, leads, leadIds } = seeded();
    const at = new Date('2026-11-26T10:00:00.000Z');
    expect(leads.skip(leadIds[0]!, 'Wrong time zone', at)).toMatchObject({ status: 'skipped', skipReason: 'Wrong time zone' });
    expect(Outbox.for(db).peek(10).map((r) => r.mutation)).toEqual([
      { kind: 'lead.outcome', leadId: leadIds[0], status: 'skipped', reason: 'Wrong time zone', number: null, callId: null, at: at.toISOString() },
    ]);
    expect(() => leads.skip(leadIds[0]!, 'again')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => leads.skip(randomUUID(), 'x')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses to dial a do-not-call lead and writes nothing', () => {
    const { db, leads, leadIds } = seeded();
    expect(() => leads.dial(leadIds[1]!)).toThrow(expect.objectContaining({ code: 'DO_NOT_CALL', message: 'James Hernandez asked not to be called (do not call).' }));
    expect(() => leads.dial(leadIds[2]!)).toThrow(expect.objectContaining({ code: 'DO_NOT_CALL', message: '+16175779166 is on the do-not-call list (Registry).' }));
    expect(leads.get(leadIds[1]!)?.status).toBe('pending');
    expect(Outbox.for(db).peek(10)).toEqual([]);
  });

  it('leaves the lead pending and writes nothing when the phone cannot place the call', () => {
    const { db, leads, leadIds } = seeded();
    const notRegistered = () => {
      throw new AgentError('PHONE_NOT_READY', 'The phone is not registered: go Available, then dial again. The lead stays in your queue.');
    };
    expect(() => leads.dial(leadIds[0]!, notRegistered)).toThrow(expect.objectContaining({ code: 'PHONE_NOT_READY' }));
    expect(leads.get(leadIds[0]!)?.status).toBe('pending');
    expect(Outbox.for(db).peek(10)).toEqual([]);
  });

  it('links the call the phone logs to the dialed lead and its campaign, and other calls to the active campaign', () => {
    const { db, leads, calls, campaigns, leadIds } = seeded();
    campaigns.select('retention');
    const dialedAt = new Date();
    const { number } = leads.dial(leadIds[0]!, undefined, dialedAt);
    expect(number).toBe('+13123045605');
    const callId = randomUUID();
    calls.logEvent({ callId, direction: 'outbound', localNumber: '1001', remoteNumber: number, event: 'ringing', at: new Date(dialedAt.getTime() + 800).toISOString() });
    expect(db.prepare('SELECT campaign_id FROM calls WHERE id = ?').get(callId)).toEqual({ campaign_id: 'renewal' });
    expect(leads.get(leadIds[0]!)).toMatchObject({ status: 'dialed', callId });
    const kinds = Outbox.for(db).peek(10).map((r) => r.mutation);
    expect(kinds.map((m) => m?.kind)).toEqual(['lead.outcome', 'lead.outcome', 'call.upsert']);
    expect(kinds[1]).toMatchObject({ leadId: leadIds[0], status: 'dialed', callId, number, at: dialedAt.toISOString() });

    // A second call to the same number is not that lead's call any more; an inbound call
    // belongs to the campaign being worked.
    const again = randomUUID();
    calls.logEvent({ callId: again, direction: 'outbound', localNumber: '1001', remoteNumber: number, event: 'ringing', at: new Date().toISOString() });
    expect(db.prepare('SELECT campaign_id FROM calls WHERE id = ?').get(again)).toEqual({ campaign_id: 'retention' });
    const inbound = randomUUID();
    calls.logEvent({ callId: inbound, direction: 'inbound', localNumber: '1001', remoteNumber: '+923001234567', event: 'ringing', at: new Date().toISOString() });
    expect(db.prepare('SELECT campaign_id FROM calls WHERE id = ?').get(inbound)).toEqual({ campaign_id: 'retention' });
  });
});
