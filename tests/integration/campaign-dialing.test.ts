/**
 * Outbound preview dialing end to end below the UI: real cores (encrypted store, sync engine)
 * against the real sync server on PostgreSQL, seeded with the demo data. Campaigns, leads and
 * the do-not-call list pull to the workstation; skip and dial outcomes reach the server once;
 * the second agent to work a lead is refused; do-not-call numbers can't be dialed; an invalid
 * campaign from the server is refused and the previous version kept.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, Lead, LeadPreview, SyncRejection, type EventName } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { createLogger, silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { assignCampaign, publishCampaign, publishLeads, setDoNotCallNumber } from '../../src/server/campaigns';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { push } from '../../src/server/push';
import { nameUuid, seedDemo } from '../../src/server/seed';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { inspectDemoStore } from '../support/store';
import { createTestDatabase } from '../support/sync-postgres';
import { demoCoreOptions, tempDir } from '../support/test-core';

const RESOURCES = path.resolve(__dirname, '../../resources/demo');
const ctx = { transport: 'in-process' } as const;

let db: SyncDb;
let server: SyncServer;
const agents: Record<string, string> = {};
const cores: Core[] = [];

/** Demo contacts by their place in resources/demo/leads.json's insurance-renewal list. */
const DEMO = {
  sandra: 'd2840277-789c-4af4-8ce8-fcc945ac16b9',
  jessica: '64b93697-6b4b-46b0-a179-f773a6e0f3c0',
  james: '4be275b6-1ba9-4e58-8b42-abb4ca7256af', // doNotCall
  diego: 'ec925f09-a227-4039-b7dd-e229df88ae4d',
  karen: 'acb70dd8-4276-4334-900f-7b11205fe2f7', // +16175779166 is on the demo DNC list
  richard: '5ab4e22f-cf6f-4db3-9497-1bda513b7c4f',
} as const;

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('campaigns'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  await seedDemo(db, RESOURCES);
  for (const u of ['nadia', 'omar']) agents[u] = (await createAgent(db, { username: u, displayName: u, password: 'pw' })).id;
});

afterAll(async () => {
  for (const c of cores) c.close();
  await server?.close();
  await db?.close();
});

interface Workstation {
  core: Core;
  dataDir: string;
  call<T>(method: string, input: unknown): Promise<T>;
  fail(method: string, input: unknown): Promise<{ code: string; message: string }>;
  events: Array<{ name: EventName; payload: unknown }>;
  logs: string[];
  sync(): Promise<void>;
}

async function workstation(username: string): Promise<Workstation> {
  const dataDir = tempDir('agent-campaigns-');
  const logs: string[] = [];
  const core = await createCore(demoCoreOptions(dataDir, { log: createLogger((line) => logs.push(line), {}, 'warn'), sync: { serverUrl: server.url } }));
  cores.push(core);
  const events: Workstation['events'] = [];
  core.subscribe((name, payload) => events.push({ name, payload }));
  const call = async <T,>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(method, input, ctx);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const ws: Workstation = {
    core,
    dataDir,
    call,
    fail: async (method, input) => {
      const r = await core.dispatch(method, input, ctx);
      if (r.ok) throw new Error(`${method} succeeded`);
      return r.error;
    },
    events,
    logs,
    sync: async () => {
      await call('sync.now', {});
    },
  };
  await call('session.signIn', { username, password: 'pw' });
  await ws.sync();
  // What the renderer's phone engine reports once registered (no SIP server in this test).
  await call('phone.reportStatus', { registration: 'registered', failure: null, activeCalls: 0 });
  return ws;
}

const serverLead = async (id: string) =>
  (
    await db.query<{ status: string; skip_reason: string | null; call_id: string | null; worked_by: string | null }>(
      'SELECT status, skip_reason, call_id::text, worked_by::text FROM leads WHERE id = $1',
      [id],
    )
  ).rows[0];

/** A campaign of our own per test, so tests don't take each other's leads. */
async function campaignWith(id: string, contactIds: readonly string[]): Promise<string[]> {
  const demo = Campaign.parse({
    id,
    name: `Test ${id}`,
    scriptId: null,
    wrapup: { mode: 'optional', seconds: null, timeoutDisposition: null },
    dispositions: [{ code: 'DONE', label: 'Done', needsCallback: false }],
  });
  await publishCampaign(db, { ...demo, position: 10 });
  const leads = contactIds.map((contactId, position) => ({ id: nameUuid(`lead:${id}:${position}`), campaignId: id, contactId, position }));
  await publishLeads(db, leads);
  return leads.map((l) => l.id);
}

describe('preview dialing', () => {
  it('pulls the demo campaigns, their leads and the do-not-call list to the workstation', async () => {
    const a = await workstation('nadia');
    const list = (await a.call<unknown[]>('campaigns.list', {})).map((c) => Campaign.parse(c));
    expect(list.map((c) => c.id)).toEqual(['broadband-retention', 'insurance-renewal']);
    expect(list[1]).toMatchObject({ name: 'Lifeline health insurance renewal', scriptId: 'insurance-renewal', wrapup: { mode: 'mandatory' } });
    expect(a.events.some((e) => e.name === 'campaigns.changed')).toBe(true);

    const next = LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'insurance-renewal' }));
    expect(next).toMatchObject({
      lead: { campaignId: 'insurance-renewal', position: 0, status: 'pending' },
      contact: { id: DEMO.sandra, firstName: 'Sandra', lastName: 'Lee', timezone: 'America/Chicago' },
      number: '+13123045605',
      blockedReason: null,
      blocked: null,
    });
    // The campaign the dialer shows first has leads of its own: a new agent's demo is not empty.
    const retention = LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'broadband-retention' }));
    expect(retention).toMatchObject({ lead: { campaignId: 'broadband-retention', position: 0 }, contact: { firstName: 'Nida', lastName: 'Hussain', timezone: 'Asia/Karachi' }, number: '+923224942043' });
    expect(await a.fail('campaigns.nextLead', { campaignId: 'no-such-campaign' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('skips and dials leads: each outcome reaches the server once, and the placed call is linked to its lead and campaign', async () => {
    const [first, second] = await campaignWith('outcomes', [DEMO.sandra, DEMO.jessica]);
    const a = await workstation('nadia');
    await a.call('campaigns.select', { campaignId: 'outcomes' });

    const preview = LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'outcomes' }));
    expect(preview.lead.id).toBe(first);
    const skipped = Lead.parse(await a.call('campaigns.skipLead', { leadId: first, reason: 'Customer on holiday' }));
    expect(skipped).toMatchObject({ status: 'skipped', skipReason: 'Customer on holiday' });
    // The outbox row was written with the change: pending before the push, none after.
    await a.sync();
    expect(await serverLead(first!)).toEqual({ status: 'skipped', skip_reason: 'Customer on holiday', call_id: null, worked_by: agents.nadia });
    expect(await a.fail('campaigns.skipLead', { leadId: first, reason: 'again' })).toMatchObject({ code: 'CONFLICT' });

    const next = LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'outcomes' }));
    expect(next.lead.id).toBe(second);
    const before = a.events.length;
    const dialed = await a.call<{ lead: Lead; number: string }>('campaigns.dialLead', { leadId: second });
    expect(dialed).toMatchObject({ lead: { status: 'dialed' }, number: '+12069915270' });
    expect(a.events.slice(before)).toContainEqual({ name: 'phone.dialRequested', payload: { target: '+12069915270' } });

    // The phone engine logs the call it placed for that request.
    const callId = nameUuid('call:outcomes:1');
    await a.call('calls.logEvent', { callId, direction: 'outbound', localNumber: '1001', remoteNumber: '+12069915270', event: 'ringing', at: new Date().toISOString() });
    // Linked in the same transaction as the call: the call is filed under the lead's campaign.
    const local = await inspectDemoStore(a.dataDir);
    try {
      expect(local.prepare('SELECT campaign_id FROM calls WHERE id = ?').get(callId)).toEqual({ campaign_id: 'outcomes' });
      expect(local.prepare('SELECT call_id FROM leads WHERE id = ?').get(second)).toEqual({ call_id: callId });
    } finally {
      local.close();
    }
    await a.sync();
    expect(await serverLead(second!)).toEqual({ status: 'dialed', skip_reason: null, call_id: callId, worked_by: agents.nadia });
    // Supervisors see the call under its campaign on the server too.
    expect((await db.query('SELECT campaign_id FROM calls WHERE id = $1', [callId])).rows).toEqual([{ campaign_id: 'outcomes' }]);
    expect(await a.call('campaigns.nextLead', { campaignId: 'outcomes' })).toBeNull();

    // Exactly once: three outcomes (skip, dial, the dial's call id), each recorded once; a
    // retried push of the same mutation is answered "duplicate" and changes nothing.
    const processed = await db.query<{ client_id: string; mutation_id: string; status: string }>(
      `SELECT pm.client_id::text, pm.mutation_id::text, pm.outcome->>'status' AS status
       FROM processed_mutations pm WHERE pm.kind = 'lead.outcome' AND pm.agent_id = $1 ORDER BY pm.processed_at`,
      [agents.nadia],
    );
    expect(processed.rows).toHaveLength(3);
    const versionBefore = (await db.query<{ v: string }>("SELECT version::text AS v FROM change_log WHERE entity = 'lead' AND entity_id = $1", [first])).rows[0]?.v;
    const replay = processed.rows[0]!;
    const again = await push(db, agents.nadia!, {
      clientId: replay.client_id,
      mutations: [{ mutationId: replay.mutation_id, mutation: { kind: 'lead.outcome', leadId: first, status: 'skipped', reason: 'Customer on holiday', number: null, callId: null, at: new Date().toISOString() } }],
    });
    expect(again).toEqual([{ mutationId: replay.mutation_id, status: 'duplicate' }]);
    expect((await db.query<{ v: string }>("SELECT version::text AS v FROM change_log WHERE entity = 'lead' AND entity_id = $1", [first])).rows[0]?.v).toBe(versionBefore);

    // Another agent's workstation pulls the worked leads: nothing left to preview there.
    const b = await workstation('omar');
    expect(await b.call('campaigns.nextLead', { campaignId: 'outcomes' })).toBeNull();
  });

  it('refuses the second agent to work a lead with LEAD_TAKEN, shown through sync.rejected', async () => {
    const [lead] = await campaignWith('race', [DEMO.diego]);
    const a = await workstation('nadia');
    const b = await workstation('omar');
    expect(LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'race' })).lead.id).toBe(lead);
    expect(LeadPreview.parse(await b.call('campaigns.nextLead', { campaignId: 'race' })).lead.id).toBe(lead);
    // Both work the same lead before either has synced; the server takes the first to arrive.
    await a.call('campaigns.dialLead', { leadId: lead });
    await b.call('campaigns.skipLead', { leadId: lead, reason: 'No answer earlier' });
    await Promise.all([a.sync(), b.sync()]);
    await Promise.all([a.sync(), b.sync()]);

    const onServer = await serverLead(lead!);
    const [winner, loser] = onServer?.worked_by === agents.nadia ? [a, b] : [b, a];
    expect(onServer?.worked_by).toBe(winner === a ? agents.nadia : agents.omar);
    const rejected = loser.events.filter((e) => e.name === 'sync.rejected').map((e) => SyncRejection.parse(e.payload));
    expect(rejected).toEqual([expect.objectContaining({ kind: 'lead.outcome', code: 'LEAD_TAKEN' })]);
    expect(await loser.call('sync.rejections', {})).toEqual([expect.objectContaining({ code: 'LEAD_TAKEN', message: expect.stringMatching(/Another agent already/) })]);
    expect(winner.events.some((e) => e.name === 'sync.rejected')).toBe(false);
    expect(await winner.call('campaigns.nextLead', { campaignId: 'race' })).toBeNull();
    expect(await loser.call('campaigns.nextLead', { campaignId: 'race' })).toBeNull();
  });

  it('refuses to dial a contact who asked not to be called or a number on the do-not-call list, and says why', async () => {
    const [james, karen, richard] = await campaignWith('dnc', [DEMO.james, DEMO.karen, DEMO.richard]);
    const a = await workstation('nadia');
    const preview = LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'dnc' }));
    expect(preview).toMatchObject({ lead: { id: james }, blockedReason: 'James Hernandez asked not to be called (do not call).' });
    const before = a.events.length;
    expect(await a.fail('campaigns.dialLead', { leadId: james })).toEqual({ code: 'DO_NOT_CALL', message: 'James Hernandez asked not to be called (do not call).' });
    expect(a.events.slice(before).some((e) => e.name === 'phone.dialRequested')).toBe(false);
    // Refused means nothing written: still pending, nothing queued.
    expect(await a.call('sync.status', {})).toMatchObject({ pending: 0 });
    await a.call('campaigns.skipLead', { leadId: james, reason: 'Do not call' });

    // The demo DNC list (resources/demo/dnc.json) holds Karen White's number.
    expect(await a.fail('campaigns.dialLead', { leadId: karen })).toEqual({
      code: 'DO_NOT_CALL',
      message: '+16175779166 is on the do-not-call list (National Do Not Call Registry).',
    });

    // A number listed on the server later is refused once pulled, and dialable again when taken off.
    await setDoNotCallNumber(db, '+13055654262', true, 'Customer asked by email');
    await a.sync();
    expect(LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'dnc' })).lead.id).toBe(karen);
    await a.call('campaigns.skipLead', { leadId: karen, reason: 'On the DNC list' });
    expect(LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'dnc' })).blockedReason).toBe('+13055654262 is on the do-not-call list (Customer asked by email).');
    await setDoNotCallNumber(db, '+13055654262', false);
    await a.sync();
    expect(LeadPreview.parse(await a.call('campaigns.nextLead', { campaignId: 'dnc' })).blockedReason).toBeNull();
    await expect(a.call('campaigns.dialLead', { leadId: richard })).resolves.toMatchObject({ number: '+13055654262' });
    await a.sync();
    expect(await serverLead(richard!)).toMatchObject({ status: 'dialed', worked_by: agents.nadia });
  });

  it('the server refuses a dial of a do-not-call contact and an agent outside an assigned campaign', async () => {
    const [james, diego] = await campaignWith('server-rules', [DEMO.james, DEMO.diego]);
    const at = new Date().toISOString();
    const clientId = nameUuid('client:server-rules');
    // Each dial names its number (a first dial without one is refused; see campaign-dialing-rules).
    const outcome = (leadId: string, n: number, number = '+13126205407') => ({
      mutationId: nameUuid(`m:server-rules:${n}`),
      mutation: { kind: 'lead.outcome', leadId, status: 'dialed', reason: null, number, callId: null, at },
    });
    expect(await push(db, agents.nadia!, { clientId, mutations: [outcome(james!, 1, '+14156260422')] })).toEqual([
      expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ code: 'DO_NOT_CALL' }) }),
    ]);
    await assignCampaign(db, 'server-rules', [agents.omar!]);
    expect(await push(db, agents.nadia!, { clientId, mutations: [outcome(diego!, 2)] })).toEqual([
      expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect(await push(db, agents.omar!, { clientId: nameUuid('client:omar'), mutations: [outcome(diego!, 3)] })).toEqual([
      expect.objectContaining({ status: 'applied' }),
    ]);
  });

  it('seeding the demo again (every start of the demo host) changes nothing and keeps worked leads worked', async () => {
    const logged = async () =>
      (await db.query<{ n: string; v: string }>("SELECT count(*)::text AS n, max(version)::text AS v FROM change_log WHERE entity IN ('campaign', 'lead', 'dnc')")).rows[0];
    const first = (await db.query<{ id: string }>("SELECT id::text FROM leads WHERE campaign_id = 'insurance-renewal' ORDER BY position LIMIT 1")).rows[0]!.id;
    const outcome = { kind: 'lead.outcome', leadId: first, status: 'skipped', reason: 'Seed test', number: null, callId: null, at: new Date().toISOString() };
    expect(await push(db, agents.omar!, { clientId: nameUuid('client:reseed'), mutations: [{ mutationId: nameUuid('m:reseed'), mutation: outcome }] })).toEqual([
      expect.objectContaining({ status: 'applied' }),
    ]);
    const before = await logged();
    await seedDemo(db, RESOURCES);
    expect(await logged()).toEqual(before);
    expect(await serverLead(first)).toMatchObject({ status: 'skipped', skip_reason: 'Seed test', worked_by: agents.omar });
  });

  it('refuses an invalid campaign from the server with a logged CAMPAIGN_INVALID and keeps the previous version', async () => {
    await campaignWith('changing', []);
    const a = await workstation('nadia');
    const valid = Campaign.parse((await a.call<unknown[]>('campaigns.list', {})).find((c) => Campaign.parse(c).id === 'changing'));
    await publishCampaign(db, { ...valid, name: 'Broken', wrapup: { mode: 'forever' }, position: 10 });
    await a.sync();
    const after = (await a.call<unknown[]>('campaigns.list', {})).map((c) => Campaign.parse(c)).find((c) => c.id === 'changing');
    expect(after).toEqual(valid);
    const refused = a.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'refused a campaign from the server');
    expect(refused).toMatchObject({ level: 'error', code: 'CAMPAIGN_INVALID', campaignId: 'changing' });
  });
});
