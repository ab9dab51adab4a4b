/**
 * Call scripts end to end between a real core (encrypted store, sync engine) and the real sync
 * server on PostgreSQL: a malformed version published on the server is refused by the pull,
 * the previous version stays in use and the refusal is recorded and shown; a damaged stored
 * script is SCRIPT_INVALID; and a run's answers reach the server with the call exactly once,
 * only for the agent's own call.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentApi, CallScriptView, ServerAgent } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { createAgent } from '../../src/server/auth';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { push } from '../../src/server/push';
import { publishScript } from '../../src/server/seed';
import { agentFor, inspectDemoStore, unwrap } from '../support/store';
import { createTestDatabase } from '../support/sync-postgres';
import { demoCoreOptions, tempDir } from '../support/test-core';

let db: SyncDb;
let server: SyncServer;
let wasim: ServerAgent;
let waqar: ServerAgent;
const cores: Core[] = [];

const demoText = fs.readFileSync(path.resolve(__dirname, '../../resources/demo/scripts/broadband-retention.json'), 'utf8');
const SCRIPT_ID = 'broadband-retention';
/** The demo script as version n; `breakIt` makes it fail validation the way an editor slip would. */
function version(n: number, breakIt = false): { id: string; version: number; name: string; body: string } {
  const doc = JSON.parse(demoText) as { version: number; pages: Array<{ id: string; next: string | null }> };
  doc.version = n;
  if (breakIt) doc.pages.find((p) => p.id === 'offer')!.next = 'closing';
  return { id: SCRIPT_ID, version: n, name: 'Home broadband — retention', body: JSON.stringify(doc) };
}

beforeAll(async () => {
  db = connectPostgres(await createTestDatabase('scripts'), silentLogger);
  server = await startSyncServer({ db, log: silentLogger });
  wasim = await createAgent(db, { username: 'wasim', displayName: 'Wasim Akram', password: 'swing' });
  waqar = await createAgent(db, { username: 'waqar', displayName: 'Waqar Younis', password: 'yorker' });
});

afterAll(async () => {
  for (const c of cores) c.close();
  await server?.close();
  await db?.close();
});

/** A signed-in workstation whose calls belong to a campaign that uses the broadband script. */
async function workstation(username = 'wasim', password = 'swing') {
  const dataDir = tempDir('agent-scripts-');
  const core = await createCore(demoCoreOptions(dataDir, { sync: { serverUrl: server.url } }));
  cores.push(core);
  const { agent } = agentFor(core);
  unwrap(await agent.session.signIn({ username, password }));
  const disk = await inspectDemoStore(dataDir);
  disk
    .prepare(
      `INSERT INTO campaigns (id, name, script_id, wrapup, dispositions, position, updated_at)
       VALUES ('retention', 'Retention', ?, '{"mode":"optional"}', '[{"code":"resolved","label":"Resolved","needsCallback":false}]', 0, ?)`,
    )
    .run(SCRIPT_ID, new Date().toISOString());
  unwrap(await agent.campaigns.select({ campaignId: 'retention' }));
  return { core, agent, disk };
}

async function answeredCall(agent: AgentApi, remoteNumber = '03001234567'): Promise<string> {
  const callId = randomUUID();
  unwrap(await agent.calls.logEvent({ callId, direction: 'inbound', localNumber: '1001', remoteNumber, event: 'answered', at: new Date().toISOString() }));
  return callId;
}

function scriptsChanged(core: Core): Promise<void> {
  return new Promise((resolve) => {
    const off = core.subscribe((name) => {
      if (name === 'scripts.changed') {
        off();
        resolve();
      }
    });
  });
}

describe('publishing script versions', () => {
  it('refuses a malformed version on pull, keeps the previous one in use and says why', async () => {
    const { core, agent, disk } = await workstation();
    await publishScript(db, version(3));
    unwrap(await agent.sync.now({}));
    const callId = await answeredCall(agent);

    let view: CallScriptView = unwrap(await agent.scripts.forCall({ callId }));
    expect(view).toMatchObject({ scriptId: SCRIPT_ID, script: { version: 3 }, problems: [], run: null });
    expect(view.variables).toEqual({ contact: { firstName: '', lastName: '', company: '' }, agent: { name: 'Wasim Akram' }, call: { number: '+923001234567' } });

    await publishScript(db, version(4, true));
    const announced = scriptsChanged(core);
    unwrap(await agent.sync.now({}));
    await announced;

    view = unwrap(await agent.scripts.forCall({ callId }));
    expect(view.script?.version).toBe(3);
    expect(view.problems).toHaveLength(1);
    expect(view.problems[0]).toMatchObject({ scriptId: SCRIPT_ID, version: 4, inUseVersion: 3, message: 'page "offer" continues to missing page "closing"' });
    expect(view.problems[0]?.summary).toBe(
      'Script "Home broadband — retention" (broadband-retention) version 4 was refused: page "offer" continues to missing page "closing". Still using version 3.',
    );
    expect(unwrap(await agent.scripts.problems({}))).toEqual(view.problems);
    // On disk: version 3's document, untouched.
    expect(disk.prepare('SELECT version FROM scripts WHERE id = ?').get(SCRIPT_ID)).toEqual({ version: 3 });

    // A corrected version replaces both.
    await publishScript(db, version(5));
    unwrap(await agent.sync.now({}));
    view = unwrap(await agent.scripts.forCall({ callId }));
    expect(view).toMatchObject({ script: { version: 5 }, problems: [] });
    expect(unwrap(await agent.scripts.problems({}))).toEqual([]);
  });

  it('refuses to show a stored script that no longer validates, with SCRIPT_INVALID', async () => {
    await publishScript(db, version(5));
    const { agent, disk } = await workstation();
    unwrap(await agent.sync.now({}));
    const callId = await answeredCall(agent);
    disk.prepare('UPDATE scripts SET body = ? WHERE id = ?').run('{"id":"broadband-retention","pages":[]}', SCRIPT_ID);
    const r = await agent.scripts.forCall({ callId });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('SCRIPT_INVALID');
    expect(!r.ok && r.error.message).toMatch(/^The stored script "Home broadband — retention" \(broadband-retention\) version 5 is not valid: /);
  });
});

describe('script answers', () => {
  beforeAll(() => publishScript(db, version(5)));
  const serverAnswers = async (callId: string) =>
    (
      await db.query<{ agent_id: string; script_id: string; script_version: number; answers: Record<string, string> }>(
        'SELECT agent_id::text, script_id, script_version, answers FROM call_script_answers WHERE call_id = $1',
        [callId],
      )
    ).rows;
  const pushedKinds = async (kind: string) =>
    Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM processed_mutations WHERE kind = $1', [kind])).rows[0]?.n);

  it('reach the server once when the run is finished, and not again with the wrap-up', async () => {
    const { agent } = await workstation();
    unwrap(await agent.sync.now({}));
    const callId = await answeredCall(agent, '03007654321');
    const before = await pushedKinds('script.answers');
    const answers = { hasTime: 'yes', satisfaction: 'Unhappy', acceptsOffer: 'yes' };
    unwrap(await agent.wrapup.saveScriptPosition({ callId, scriptId: SCRIPT_ID, scriptVersion: 5, stepId: 'close', answers }));

    const run = unwrap(await agent.scripts.finish({ callId }));
    expect(run.finishedAt).not.toBeNull();
    // A second finish changes nothing and queues nothing; the sent answers can't be edited.
    expect(unwrap(await agent.scripts.finish({ callId }))).toEqual(run);
    const edit = await agent.wrapup.saveScriptPosition({ callId, scriptId: SCRIPT_ID, scriptVersion: 5, stepId: 'close', answers: { hasTime: 'no' } });
    expect(!edit.ok && edit.error.code).toBe('CONFLICT');
    expect(unwrap(await agent.sync.now({}))).toMatchObject({ pending: 0, lastError: null });
    unwrap(await agent.wrapup.complete({ callId, disposition: 'resolved' }));
    expect(unwrap(await agent.sync.now({}))).toMatchObject({ pending: 0, lastError: null });

    expect(await serverAnswers(callId)).toEqual([{ agent_id: wasim.id, script_id: SCRIPT_ID, script_version: 5, answers }]);
    expect((await pushedKinds('script.answers')) - before).toBe(1);
    expect(unwrap(await agent.scripts.forCall({ callId })).run).toMatchObject({ answers, finishedAt: run.finishedAt });
  });

  it('go with the wrap-up when the agent submits it before finishing the script', async () => {
    const { agent } = await workstation();
    unwrap(await agent.sync.now({}));
    const callId = await answeredCall(agent, '03009998877');
    unwrap(await agent.wrapup.saveScriptPosition({ callId, scriptId: SCRIPT_ID, scriptVersion: 5, stepId: 'callLater', answers: { hasTime: 'no' } }));
    unwrap(await agent.wrapup.complete({ callId, disposition: 'resolved' }));
    unwrap(await agent.sync.now({}));
    expect(await serverAnswers(callId)).toEqual([{ agent_id: wasim.id, script_id: SCRIPT_ID, script_version: 5, answers: { hasTime: 'no' } }]);
    expect(unwrap(await agent.scripts.forCall({ callId })).run?.finishedAt).not.toBeNull();
  });

  it('are applied once however often a push is retried, and only for the agent’s own call', async () => {
    const { agent } = await workstation();
    unwrap(await agent.sync.now({}));
    const callId = await answeredCall(agent, '03001112233');
    unwrap(await agent.sync.now({}));
    const mutation = { kind: 'script.answers' as const, callId, scriptId: SCRIPT_ID, scriptVersion: 5, answers: { hasTime: 'yes' }, finishedAt: new Date().toISOString() };
    const envelope = { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation }] };

    expect(await push(db, wasim.id, envelope)).toEqual([{ mutationId: envelope.mutations[0]!.mutationId, status: 'applied' }]);
    expect(await push(db, wasim.id, envelope)).toEqual([{ mutationId: envelope.mutations[0]!.mutationId, status: 'duplicate' }]);
    expect(await serverAnswers(callId)).toHaveLength(1);

    const theirs = await push(db, waqar.id, { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation: { ...mutation, answers: { hasTime: 'no' } } }] });
    expect(theirs[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    const unknown = await push(db, wasim.id, { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), mutation: { ...mutation, callId: randomUUID() } }] });
    expect(unknown[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
    expect((await serverAnswers(callId))[0]?.answers).toEqual({ hasTime: 'yes' });
  });
});
