/**
 * Team KPIs on real PostgreSQL (issue 13, item 3): one known day of pushed calls, wrap-ups,
 * callbacks and presence, and every figure checked against its definition (KPI_DEFINITIONS),
 * per agent and for the team; the day is the team's (Asia/Karachi); CSV export; another team's
 * KPIs are forbidden.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PushResponse, SignInResponse, TeamKpis, type Mutation } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { createConsoleAccount } from '../../src/server/console/console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from '../../src/server/console/teams';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: SyncServer;
let teamId = '';
let otherTeamId = '';
let cookie = '';

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function pushAs(username: string, mutations: Mutation[]) {
  const s = SignInResponse.parse(await (await fetch(`${server.url}/v1/auth/sign-in`, json({ username, password: 'pw-pw-pw-pw' }))).json());
  const clientId = randomUUID();
  // One mutation per push: the server keeps a push's last presence only, and history wants each.
  for (const m of mutations) {
    const r = PushResponse.parse(await (await fetch(`${server.url}/v1/push`, json({ clientId, mutations: [{ mutationId: randomUUID(), mutation: m }] }, { authorization: `Bearer ${s.token}` }))).json());
    expect(r.outcomes[0]?.status, JSON.stringify(r.outcomes[0])).toBe('applied');
  }
}

// 2026-11-20 in Karachi (UTC+5) runs from 2026-11-19T19:00Z to 2026-11-20T19:00Z.
const T = (hhmmss: string) => `2026-11-20T${hhmmss}.000Z`;
const presence = (state: Mutation & { kind: 'presence.set' } extends infer P ? P extends { state: infer S } ? S : never : never, at: string): Mutation => ({ kind: 'presence.set', state, reason: null, since: at });
const call = (o: { id: string; direction: 'inbound' | 'outbound'; number: string; start: string; answered: string | null; ended: string; hold: number }): Mutation => ({
  kind: 'call.upsert', callId: o.id, direction: o.direction, localNumber: '7001', remoteNumber: o.number, contactId: null,
  startedAt: o.start, answeredAt: o.answered, endedAt: o.ended, endCause: 'normal', campaignId: 'kpi-camp', holdSeconds: o.hold,
});

const callA = randomUUID();
const callC = randomUUID();
const cb = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('console_kpis'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['hina', 'omar', 'zara']) await createAgent(db, { username: u, displayName: u.toUpperCase(), password: 'pw-pw-pw-pw' });
  teamId = (await createTeam(db, { name: 'Inbound', timeZone: 'Asia/Karachi', clientTimeZone: 'America/Chicago' })).id;
  otherTeamId = (await createTeam(db, { name: 'Other' })).id;
  await createConsoleAccount(db, { username: 'sana', displayName: 'Sana', password: 'lead-pw', role: 'supervisor' });
  await addAgentToTeam(db, 'Inbound', 'hina');
  await addAgentToTeam(db, 'Inbound', 'omar');
  await addAgentToTeam(db, 'Other', 'zara');
  await addSupervisorToTeam(db, 'Inbound', 'sana');
  await db.query(
    `INSERT INTO campaigns (id, name, wrapup, dispositions) VALUES ('kpi-camp', 'KPI campaign', '{"mode":"optional"}',
     '[{"code":"RESOLVED","label":"Resolved","needsCallback":false,"resolves":true},{"code":"NO_SALE","label":"No sale","needsCallback":false}]')`,
  );
  const contactId = randomUUID();
  await pushAs('hina', [
    presence('Available', T('04:00:00')),
    // A: inbound, 600 s answered of which 60 s on hold, wrap-up 120 s after hang-up, resolved.
    call({ id: callA, direction: 'inbound', number: '+13125550101', start: T('05:00:00'), answered: T('05:00:10'), ended: T('05:10:10'), hold: 60 }),
    presence('Busy', T('05:00:10')),
    presence('Wrap-up', T('05:10:10')),
    { kind: 'disposition.set', callId: callA, code: 'RESOLVED', createdAt: T('05:12:10') },
    presence('Available', T('05:12:10')),
    // B: inbound, rang 20 s, never answered: missed.
    call({ id: randomUUID(), direction: 'inbound', number: '+13125550102', start: T('05:30:00'), answered: null, ended: T('05:30:20'), hold: 0 }),
    // C: outbound, 300 s, wrap-up 60 s, not resolving.
    call({ id: callC, direction: 'outbound', number: '+13125550103', start: T('05:40:00'), answered: T('05:40:20'), ended: T('05:45:20'), hold: 0 }),
    { kind: 'disposition.set', callId: callC, code: 'NO_SALE', createdAt: T('05:46:20') },
    presence('Break', T('06:00:00')),
    presence('Offline', T('06:30:00')),
    ...cb.map((id, i): Mutation => ({ kind: 'callback.schedule', callbackId: id, contactId, callId: null, dueAt: T(`${String(8 + i).padStart(2, "0")}:00:00`), note: 'call back' })),
    { kind: 'callback.status', callbackId: cb[0]!, status: 'done', at: T('08:05:00') },
    { kind: 'callback.status', callbackId: cb[1]!, status: 'done', at: T('10:00:00') },
  ]);
  // The server dates a status change by its own clock; this day is in the past, so date them as if pushed then.
  await db.query(`UPDATE callbacks SET status_at = CASE id WHEN $1 THEN $3::timestamptz WHEN $2 THEN $4::timestamptz END WHERE id IN ($1, $2)`, [cb[0], cb[1], T('08:05:00'), T('10:00:00')]);
  await pushAs('omar', [call({ id: randomUUID(), direction: 'outbound', number: '+13125550104', start: T('07:00:00'), answered: null, ended: T('07:00:30'), hold: 0 })]);
  // The day before in Karachi (18:59Z on the 19th is 23:59 PKT): not counted.
  await pushAs('omar', [call({ id: randomUUID(), direction: 'inbound', number: '+13125550105', start: '2026-11-19T18:59:00.000Z', answered: null, ended: '2026-11-19T18:59:30.000Z', hold: 0 })]);
  const res = await fetch(`${server.url}/console/api/sign-in`, json({ username: 'sana', password: 'lead-pw' }));
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

const kpis = async (team: string, from = '2026-11-20', to = '2026-11-20') => fetch(`${server.url}/console/api/kpis?team=${team}&from=${from}&to=${to}`, { headers: { cookie } });

it('computes each figure by its definition, per agent and for the team, over the team’s day', async () => {
  const k = TeamKpis.parse(await (await kpis(teamId)).json());
  const hina = k.agents.find((a) => a.name === 'HINA');
  const handling = 540 + 60 + 120 + (300 + 0 + 60);
  const available = (5 * 3600 + 10 - 4 * 3600) + (6 * 3600 - (5 * 3600 + 12 * 60 + 10));
  expect(hina).toMatchObject({
    callsIn: 2, callsOut: 1, answered: 2, missed: 1,
    ahtSeconds: handling / 2,
    avgAcwSeconds: 90,
    fcr: 0.5,
    callbacksOnTime: 1,
    callbacksLate: 2,
    dispositions: { RESOLVED: 1, NO_SALE: 1 },
  });
  expect(hina?.occupancy).toBeCloseTo(handling / (handling + available), 6);
  expect(hina?.secondsByState).toMatchObject({ Available: available, Busy: 600, 'Wrap-up': 120, Break: 1800 });
  // The Offline state lasts until the day ends in Karachi (19:00Z).
  expect(hina?.secondsByState.Offline).toBe(19 * 3600 - (6 * 3600 + 30 * 60));
  expect(k.agents.find((a) => a.name === 'OMAR')).toMatchObject({ callsIn: 0, callsOut: 1, answered: 0, missed: 0, ahtSeconds: null, occupancy: null });
  expect(k.total).toMatchObject({ agentId: null, callsIn: 2, callsOut: 2, answered: 2, missed: 1, ahtSeconds: handling / 2, fcr: 0.5, dispositions: { RESOLVED: 1, NO_SALE: 1 } });
  expect(k.agents.map((a) => a.name)).toEqual(['HINA', 'OMAR']);
  // The day before, in Karachi, has omar's late-evening call only.
  const before = TeamKpis.parse(await (await kpis(teamId, '2026-11-19', '2026-11-19')).json());
  expect(before.total).toMatchObject({ callsIn: 1, missed: 1 });
});

it('exports CSV with the range in both time zones', async () => {
  const res = await fetch(`${server.url}/console/api/kpis.csv?team=${teamId}&from=2026-11-20&to=2026-11-20`, { headers: { cookie } });
  expect(res.headers.get('content-type')).toContain('text/csv');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="kpis-Inbound-2026-11-20-2026-11-20.csv"');
  const lines = (await res.text()).trim().split('\r\n');
  expect(lines[0]).toBe('team Inbound,2026-11-20 to 2026-11-20 in Asia/Karachi (client: America/Chicago)');
  expect(lines[1]).toMatch(/^agent,calls in,calls out,answered,missed,declined,failed,AHT s,avg ACW s,occupancy %,FCR %,callbacks on time,callbacks late,/);
  expect(lines[2]).toMatch(/^HINA,2,1,2,1,0,0,540,90,/);
  expect(lines.at(-1)).toMatch(/^Team,2,2,2,1,0,0,540,90,/);
});

it('refuses another team and a bad range', async () => {
  expect((await kpis(otherTeamId)).status).toBe(403);
  expect((await kpis(teamId, '2026-11-20', '2026-11-01')).status).toBe(400);
  expect((await kpis(teamId, '2026-01-01', '2026-11-20')).status).toBe(400);
});
