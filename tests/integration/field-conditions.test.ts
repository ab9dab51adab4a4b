/**
 * The laptop drives the desk (issue 14, items 1 and 3), through the real core and its agent API:
 * a critical battery takes the agent out of the queue (now when idle, after the wrap-up when on a
 * call), switching to battery pushes what is unsynced at once (real sync server on PostgreSQL),
 * and auto-away sends an Available agent with no input Not Ready. Timers run on a fake clock.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentApi, AppStatus, Presence, Result, SyncStatus } from '../../src/contract';
import { createCore, type Core } from '../../src/core/core';
import { silentLogger } from '../../src/core/log';
import { createAgent } from '../../src/server/auth';
import { startSyncServer, type SyncServer } from '../../src/server/app';
import { connectPostgres, type SyncDb } from '../../src/server/db';
import { FakeClock } from '../support/fake-clock';
import { agentFor, inspectDemoStore } from '../support/store';
import { createTestDatabase } from '../support/sync-postgres';
import { demoCoreOptions, tempDir } from '../support/test-core';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function open(overrides: Parameters<typeof demoCoreOptions>[1] = {}): Promise<{ core: Core; agent: AgentApi; clock: FakeClock }> {
  const clock = new FakeClock();
  const core = await createCore(demoCoreOptions(tempDir('agent-field-'), { clock, ...overrides }));
  cores.push(core);
  return { core, agent: agentFor(core).agent, clock };
}

const presenceOf = async (agent: AgentApi): Promise<Presence> => value(await agent.presence.get({}));

async function answeredCall(agent: AgentApi, clock: FakeClock) {
  const callId = randomUUID();
  const base = { callId, direction: 'inbound' as const, localNumber: '1001', remoteNumber: '03001234567' };
  value(await agent.calls.logEvent({ ...base, event: 'ringing', at: clock.iso() }));
  value(await agent.calls.logEvent({ ...base, event: 'answered', at: clock.iso() }));
  return { callId, end: async () => value(await agent.calls.logEvent({ ...base, event: 'ended', at: clock.iso(), endCause: 'Terminated' })) };
}

describe('battery', () => {
  it("warns at the low level and, at the critical level, takes an idle agent out of the queue with the reason", async () => {
    const { agent } = await open();
    value(await agent.presence.set({ state: 'Available' }));
    // This machine's host reads no battery: the page's Battery Status API is the only reading.
    let status: AppStatus = value(await agent.app.reportPower({ power: 'battery', batteryPercent: 40 }));
    expect(status).toMatchObject({ power: 'battery', batteryPercent: 40, powerAlert: 'none' });
    status = value(await agent.app.reportPower({ power: 'battery', batteryPercent: 14 }));
    expect(status.powerAlert).toBe('low');
    expect((await presenceOf(agent)).state).toBe('Available');
    status = value(await agent.app.reportPower({ power: 'battery', batteryPercent: 6 }));
    expect(status.powerAlert).toBe('critical');
    expect(await presenceOf(agent)).toMatchObject({ state: 'Break', reason: 'Low battery' });
    // The agent decides after that: plugged in, they go Available again and stay there.
    value(await agent.app.reportPower({ power: 'ac', batteryPercent: 6 }));
    value(await agent.presence.set({ state: 'Available' }));
    value(await agent.app.reportPower({ power: 'ac', batteryPercent: 7 }));
    expect((await presenceOf(agent)).state).toBe('Available');
  });

  it('on a call, the agent finishes it and goes Not Ready after the wrap-up instead of taking the next call', async () => {
    const { agent, clock } = await open();
    value(await agent.presence.set({ state: 'Available' }));
    const call = await answeredCall(agent, clock);
    value(await agent.app.reportPower({ power: 'battery', batteryPercent: 5 }));
    expect(await presenceOf(agent)).toMatchObject({ state: 'Busy', next: { state: 'Break', reason: 'Low battery' } });
    await call.end();
    expect((await presenceOf(agent)).state).toBe('Wrap-up');
    value(await agent.wrapup.complete({ callId: call.callId, disposition: 'resolved' }));
    expect(await presenceOf(agent)).toMatchObject({ state: 'Break', reason: 'Low battery' });
  });

  it("leaves a state the agent chose alone: already on Lunch, or Meeting asked for after this call", async () => {
    const { agent } = await open();
    value(await agent.presence.set({ state: 'Lunch' }));
    value(await agent.app.reportPower({ power: 'battery', batteryPercent: 3 }));
    expect((await presenceOf(agent)).state).toBe('Lunch');

    const second = await open();
    value(await second.agent.presence.set({ state: 'Available' }));
    await answeredCall(second.agent, second.clock);
    value(await second.agent.presence.set({ state: 'Meeting' }));
    value(await second.agent.app.reportPower({ power: 'battery', batteryPercent: 3 }));
    expect((await presenceOf(second.agent)).next).toMatchObject({ state: 'Meeting' });
  });

  it("merges the host's source with the page's level, and an unknown level never alerts", async () => {
    const { core, agent } = await open();
    core.reportEnvironment({ power: 'battery', batteryPercent: null });
    expect(value(await agent.app.status({}))).toMatchObject({ power: 'battery', batteryPercent: null, powerAlert: 'none' });
    value(await agent.app.reportPower({ power: 'battery', batteryPercent: 12 }));
    expect(value(await agent.app.status({}))).toMatchObject({ power: 'battery', batteryPercent: 12, powerAlert: 'low' });
    // A level out of range from a broken page is refused at the boundary, and nothing changes.
    const bad = await agent.app.reportPower({ power: 'battery', batteryPercent: 250 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(value(await agent.app.status({})).batteryPercent).toBe(12);
  });
});

describe('auto-away', () => {
  const idleAway = { afterMs: 3 * 60_000, state: 'Break' as const };

  it('sends an Available agent with no input to the configured state with reason Idle; input keeps them Available', async () => {
    const { agent, clock } = await open({ field: { idleAway } });
    value(await agent.presence.set({ state: 'Available' }));
    clock.advance(2 * 60_000);
    value(await agent.app.reportInput({}));
    clock.advance(2 * 60_000);
    expect((await presenceOf(agent)).state).toBe('Available');
    clock.advance(60_000);
    expect(await presenceOf(agent)).toMatchObject({ state: 'Break', reason: 'Idle' });
    expect(value(await agent.app.status({})).idleAway).toEqual({ afterMinutes: 3, state: 'Break' });
  });

  it('never during a call or a wrap-up; an agent made Available by the end of work while away still goes away', async () => {
    const { agent, clock } = await open({ field: { idleAway } });
    value(await agent.presence.set({ state: 'Available' }));
    value(await agent.app.reportInput({}));
    const call = await answeredCall(agent, clock);
    clock.advance(10 * 60_000);
    expect((await presenceOf(agent)).state).toBe('Busy');
    await call.end();
    clock.advance(10 * 60_000);
    expect((await presenceOf(agent)).state).toBe('Wrap-up');
    // Submitting is input (the page reports the click); the idle clock starts again from it.
    value(await agent.app.reportInput({}));
    value(await agent.wrapup.complete({ callId: call.callId, disposition: 'resolved' }));
    expect((await presenceOf(agent)).state).toBe('Available');
    clock.advance(idleAway.afterMs);
    expect(await presenceOf(agent)).toMatchObject({ state: 'Break', reason: 'Idle' });
  });

  it('a timed wrap-up that runs out while the agent is away leaves them away, not Available', async () => {
    const clock = new FakeClock();
    const dataDir = tempDir('agent-field-');
    const first = await createCore(demoCoreOptions(dataDir, { clock }));
    first.close();
    // A timed-wrap-up campaign on the profile, as a pull from the server would have left it.
    const db = await inspectDemoStore(dataDir);
    db.prepare('INSERT INTO campaigns (id, name, script_id, wrapup, dispositions, position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      'retention', 'Retention', null,
      JSON.stringify({ mode: 'timed', seconds: 60, timeoutDisposition: 'WRAPUP_TIMEOUT' }),
      JSON.stringify([{ code: 'WRAPUP_TIMEOUT', label: 'Wrap-up timed out', needsCallback: false }]), 0, clock.iso(),
    );
    db.close();
    const core = await createCore(demoCoreOptions(dataDir, { clock, field: { idleAway } }));
    cores.push(core);
    const { agent } = agentFor(core);
    value(await agent.campaigns.select({ campaignId: 'retention' }));
    value(await agent.presence.set({ state: 'Available' }));
    value(await agent.app.reportInput({}));
    const call = await answeredCall(agent, clock);
    clock.advance(idleAway.afterMs);
    await call.end();
    // Nobody at the keyboard: the wrap-up timer ends it a minute later, and the agent is not offered the next call.
    clock.advance(61_000);
    expect(value(await agent.wrapup.current({}))).toBeNull();
    expect(await presenceOf(agent)).toMatchObject({ state: 'Break', reason: 'Idle' });
  });

  it('is off by default, the demo included', async () => {
    const { agent, clock } = await open();
    value(await agent.presence.set({ state: 'Available' }));
    clock.advance(24 * 60 * 60_000);
    expect((await presenceOf(agent)).state).toBe('Available');
    expect(value(await agent.app.status({})).idleAway).toBeNull();
  });

  it("takes Electron's system idle time as input, and a clock that jumps back as input just now", async () => {
    const { core, agent, clock } = await open({ field: { idleAway } });
    value(await agent.presence.set({ state: 'Available' }));
    clock.advance(2 * 60_000);
    core.reportInputAt(clock.now());
    clock.advance(2 * 60_000);
    expect((await presenceOf(agent)).state).toBe('Available');
    // A report from the future (the clock later went back) does not make the agent look idle.
    core.reportInputAt(new Date(clock.now().getTime() + 60 * 60_000));
    clock.advance(10 * 60_000);
    expect((await presenceOf(agent)).state).toBe('Available');
  });
});

describe('switching to battery syncs at once', () => {
  let db: SyncDb;
  let server: SyncServer;
  beforeAll(async () => {
    db = connectPostgres(await createTestDatabase('field'), silentLogger);
    server = await startSyncServer({ db, log: silentLogger });
    await createAgent(db, { username: 'shoaib', displayName: 'Shoaib Akhtar', password: 'express' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('pushes pending changes the moment the laptop leaves mains, without waiting for the push timer', async () => {
    const { core, agent } = await open({ sync: { serverUrl: server.url } });
    value(await agent.session.signIn({ username: 'shoaib', password: 'express' }));
    value(await agent.sync.now({}));
    core.reportEnvironment({ power: 'ac', batteryPercent: 90 });
    value(await agent.contacts.create({ fields: { firstName: 'Saqlain', lastName: 'Mushtaq' } }));
    // The fake clock never moves: only something other than the push timer can push now.
    expect(value(await agent.sync.status({})).pending).toBe(1);
    const synced = new Promise<SyncStatus>((resolve) => {
      const off = core.subscribe((name, payload) => {
        const s = payload as SyncStatus;
        if (name === 'sync.status' && s.pending === 0 && s.lastSyncAt) {
          off();
          resolve(s);
        }
      });
    });
    core.reportEnvironment({ power: 'battery' });
    expect(await synced).toMatchObject({ pending: 0, online: true });
  });
});
