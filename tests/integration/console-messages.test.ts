/**
 * Supervisors' messages on real PostgreSQL (issue 13, item 4): a message to a team reaches each
 * member by pull (also one who pulls later), the agent's acknowledgement is a push that the
 * sender sees with its reply, and nobody reaches or acknowledges outside their own.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PullResponse, PushResponse, SentMessage, SignInResponse, type Mutation } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { createConsoleAccount } from '../../src/server/console/console-accounts';
import { addAgentToTeam, addSupervisorToTeam, createTeam } from '../../src/server/console/teams';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { createTestDatabase } from '../support/sync-postgres';

let db: SyncDb;
let server: SyncServer;
let inboundId = '';
let outboundId = '';

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('console_messages'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  for (const u of ['hina', 'omar', 'zara']) await createAgent(db, { username: u, displayName: u.toUpperCase(), password: 'pw-pw-pw-pw' });
  inboundId = (await createTeam(db, { name: 'Inbound' })).id;
  outboundId = (await createTeam(db, { name: 'Outbound' })).id;
  await createConsoleAccount(db, { username: 'sana', displayName: 'Sana', password: 'lead-pw', role: 'supervisor' });
  await addAgentToTeam(db, 'Inbound', 'hina');
  await addAgentToTeam(db, 'Inbound', 'omar');
  await addAgentToTeam(db, 'Outbound', 'zara');
  await addSupervisorToTeam(db, 'Inbound', 'sana');
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function agent(username: string) {
  const s = SignInResponse.parse(await (await fetch(`${server.url}/v1/auth/sign-in`, json({ username, password: 'pw-pw-pw-pw' }))).json());
  const authorization = `Bearer ${s.token}`;
  return {
    id: s.agent.id,
    pullMessages: async () => {
      const page = PullResponse.parse(await (await fetch(`${server.url}/v1/pull?cursor=0`, { headers: { authorization } })).json());
      return page.changes.flatMap((c) => (c.entity === 'message' ? [c.message] : []));
    },
    push: async (m: Mutation) => PushResponse.parse(await (await fetch(`${server.url}/v1/push`, json({ clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation: m }] }, { authorization }))).json()),
  };
}

async function lead() {
  const res = await fetch(`${server.url}/console/api/sign-in`, json({ username: 'sana', password: 'lead-pw' }));
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    send: (to: { teamId: string | null; agentId: string | null }, body: string) => fetch(`${server.url}/console/api/messages`, json({ ...to, body }, { cookie })),
    sent: async () => SentMessage.array().parse(await (await fetch(`${server.url}/console/api/messages`, { headers: { cookie } })).json()),
  };
}

it('a team message reaches every member by pull; an acknowledgement with a reply reaches the sender', async () => {
  const sana = await lead();
  const sent = await sana.send({ teamId: inboundId, agentId: null }, 'Huddle at 14:00 — new retention script live.');
  expect(sent.status).toBe(200);
  const hina = await agent('hina');
  const omar = await agent('omar');
  const zara = await agent('zara');
  const [mine] = await hina.pullMessages();
  expect(mine).toMatchObject({ from: 'Sana', teamName: 'Inbound', body: 'Huddle at 14:00 — new retention script live.', acknowledgedAt: null });
  expect(await omar.pullMessages()).toHaveLength(1);
  expect(await zara.pullMessages()).toHaveLength(0);

  const at = new Date().toISOString();
  const ack = await hina.push({ kind: 'message.ack', messageId: mine!.messageId, at, reply: 'On it' });
  expect(ack.outcomes[0]?.status).toBe('applied');
  const [after] = await hina.pullMessages();
  expect(after).toMatchObject({ acknowledgedAt: at, reply: 'On it' });

  const [listed] = await sana.sent();
  expect(listed?.recipients).toEqual([
    { agentId: hina.id, displayName: 'HINA', acknowledgedAt: at, reply: 'On it' },
    { agentId: omar.id, displayName: 'OMAR', acknowledgedAt: null, reply: null },
  ]);
});

it('nobody reaches or acknowledges outside their own', async () => {
  const sana = await lead();
  const zara = await agent('zara');
  expect((await sana.send({ teamId: outboundId, agentId: null }, 'Not my team')).status).toBe(403);
  expect((await sana.send({ teamId: null, agentId: zara.id }, 'Not my agent')).status).toBe(403);
  expect((await sana.send({ teamId: inboundId, agentId: zara.id }, 'both')).status).toBe(400);
  // zara acknowledges a message that went to the Inbound team: nothing changes.
  const [message] = await sana.sent();
  await zara.push({ kind: 'message.ack', messageId: message!.messageId, at: new Date().toISOString(), reply: 'not mine' });
  const [again] = await sana.sent();
  expect(again?.recipients.some((r) => r.reply === 'not mine')).toBe(false);
  expect(await zara.pullMessages()).toHaveLength(0);
});
