/**
 * Call outcomes on the sync wire and in the team KPIs, on real PostgreSQL (issue 11, "an answered
 * call that then fails is counted as missed"): a workstation logs calls with their outcomes
 * (answered then dropped, failed before connecting in both directions, rang out, abandoned,
 * declined), pushes them; the server's calls table holds each outcome and its cause, the agent's
 * other workstation pulls them, a late retry without the field never erases one, and an older
 * workstation's push without the field still applies and is counted from its answer time as
 * before. The console's KPIs count answered vs missed vs declined vs failed from the outcome.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TeamKpis, type AgentApi, type CallOutcome, type Mutation, type Result, type ServerAgent } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { createConsoleAccount } from '../../src/server/console/console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from '../../src/server/console/teams';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { push } from '../../src/server/push';
import { agentFor } from '../support/store';
import { createTestDatabase } from '../support/sync-postgres';
import { demoCoreOptions, tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
let bilal: ServerAgent;
let teamId = '';
let cookie = '';
const cores: Core[] = [];

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('call_outcomes'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  bilal = await createAgent(db, { username: 'bilal', displayName: 'Bilal', password: 'pw-pw-pw-pw' });
  teamId = (await createTeam(db, { name: 'Outcomes', timeZone: 'UTC' })).id;
  await createConsoleAccount(db, { username: 'sadia', displayName: 'Sadia', password: 'lead-pw', role: 'supervisor' });
  await addAgentToTeam(db, 'Outcomes', 'bilal');
  await addSupervisorToTeam(db, 'Outcomes', 'sadia');
  const res = await fetch(`${server.url}/console/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sadia', password: 'lead-pw' }),
  });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  for (const c of cores) c.close();
  await server?.close();
  await db?.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function workstation(): Promise<AgentApi> {
  const core = await createCore(demoCoreOptions(tempDir('agent-outcomes-'), { sync: { serverUrl: server.url } }));
  cores.push(core);
  const { agent } = agentFor(core);
  value(await agent.session.signIn({ username: 'bilal', password: 'pw-pw-pw-pw' }));
  return agent;
}

const T = (hhmmss: string) => `2026-11-21T${hhmmss}.000Z`;

interface Logged {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly answeredAt?: string;
  readonly endedAt: string;
  readonly endCause?: string;
  readonly outcome: CallOutcome;
}

async function logCall(agent: AgentApi, c: Logged, number: string): Promise<void> {
  const base = { callId: c.id, direction: c.direction, localNumber: '7010', remoteNumber: number };
  const start = new Date(Date.parse(c.answeredAt ?? c.endedAt) - 10_000).toISOString();
  value(await agent.calls.logEvent({ ...base, event: 'ringing', at: start }));
  if (c.answeredAt) value(await agent.calls.logEvent({ ...base, event: 'answered', at: c.answeredAt }));
  value(await agent.calls.logEvent({ ...base, event: 'ended', at: c.endedAt, outcome: c.outcome, ...(c.endCause ? { endCause: c.endCause } : {}) }));
}

const serverCall = async (id: string) =>
  (await db.query<{ outcome: string | null; end_cause: string | null }>('SELECT outcome, end_cause FROM calls WHERE id = $1', [id])).rows[0];

const kpis = async () =>
  TeamKpis.parse(await (await fetch(`${server.url}/console/api/kpis?team=${teamId}&from=2026-11-21&to=2026-11-21`, { headers: { cookie } })).json());

const answeredThenDropped: Logged = { id: randomUUID(), direction: 'inbound', answeredAt: T('09:00:10'), endedAt: T('09:05:10'), endCause: 'The connection to the customer was lost', outcome: 'answered' };
const failedOutbound: Logged = { id: randomUUID(), direction: 'outbound', endedAt: T('09:10:05'), endCause: 'The number could not be reached (503)', outcome: 'failed' };
const failedInbound: Logged = { id: randomUUID(), direction: 'inbound', endedAt: T('09:20:05'), endCause: 'The call’s audio could not be set up', outcome: 'failed' };
const rangOut: Logged = { id: randomUUID(), direction: 'inbound', endedAt: T('09:30:30'), outcome: 'missed' };
const abandoned: Logged = { id: randomUUID(), direction: 'inbound', endedAt: T('09:40:08'), outcome: 'abandoned' };
const declined: Logged = { id: randomUUID(), direction: 'inbound', endedAt: T('09:50:03'), outcome: 'declined' };
const answeredOutbound: Logged = { id: randomUUID(), direction: 'outbound', answeredAt: T('10:00:15'), endedAt: T('10:02:15'), outcome: 'answered' };
const logged = [answeredThenDropped, failedOutbound, failedInbound, rangOut, abandoned, declined, answeredOutbound];

it('carries each call’s outcome and cause to the server and to the agent’s other workstation', async () => {
  const a = await workstation();
  for (const [i, c] of logged.entries()) await logCall(a, c, `+92300123456${i}`);
  expect(value(await a.sync.now({}))).toMatchObject({ pending: 0, lastError: null });

  for (const c of logged) expect(await serverCall(c.id)).toEqual({ outcome: c.outcome, end_cause: c.endCause ?? null });

  const b = await workstation();
  value(await b.sync.now({}));
  const history = value(await b.calls.history({ limit: 20 }));
  for (const c of logged) expect(history.find((h) => h.id === c.id)).toMatchObject({ outcome: c.outcome, endCause: c.endCause ?? null });
});

it('keeps an outcome when a late retry of a live state arrives without one', async () => {
  const live: Mutation = {
    kind: 'call.upsert', callId: answeredThenDropped.id, direction: 'inbound', localNumber: '7010', remoteNumber: '+923001234560', contactId: null,
    startedAt: T('09:00:00'), answeredAt: T('09:00:10'), endedAt: null, endCause: null, outcome: null,
  };
  expect(await push(db, bilal.id, { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation: live }] })).toMatchObject([{ status: 'applied' }]);
  expect(await serverCall(answeredThenDropped.id)).toMatchObject({ outcome: 'answered' });
});

it('applies an older workstation’s push without outcomes and counts its calls from the answer time', async () => {
  // Exactly what a workstation from before outcomes sends: no outcome field at all.
  const old = (id: string, answeredAt: string | null, endedAt: string): Mutation => ({
    kind: 'call.upsert', callId: id, direction: 'inbound', localNumber: '7010', remoteNumber: '+923007654321', contactId: null,
    startedAt: T('11:00:00'), answeredAt, endedAt, endCause: 'normal', campaignId: null, holdSeconds: 0,
  });
  const oldAnswered = randomUUID();
  const oldMissed = randomUUID();
  const outcomes = await push(db, bilal.id, {
    clientId: randomUUID(),
    mutations: [
      { mutationId: randomUUID(), mutation: old(oldAnswered, T('11:00:05'), T('11:01:05')) },
      { mutationId: randomUUID(), mutation: old(oldMissed, null, T('11:10:20')) },
    ],
  });
  expect(outcomes).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);
  expect(await serverCall(oldAnswered)).toMatchObject({ outcome: null });

  const k = await kpis();
  const bilalRow = k.agents.find((r) => r.name === 'Bilal');
  // Answered: the dropped one, the outbound one, and the old workstation's answered one. Missed: rang
  // out, abandoned, and the old unanswered one — never the dropped call, the declined or failed ones.
  expect(bilalRow).toMatchObject({ callsIn: 7, callsOut: 2, answered: 3, missed: 3, declined: 1, failed: 2 });
  // Handled (AHT's divisor) = answered and ended: 300 s + 120 s + 60 s of talk over three calls.
  // The failed outbound call is not handled, so it neither lowers AHT nor demands after-call work.
  expect(bilalRow?.ahtSeconds).toBe((300 + 120 + 60) / 3);
  expect(k.total).toMatchObject({ answered: 3, missed: 3, declined: 1, failed: 2 });
});
