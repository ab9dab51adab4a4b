/**
 * Hold time per call (for AHT) through the agent API on a real encrypted store: summed from the
 * agent's holds and resumes, closed by the call's end, stored and queued for the server.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AgentApi, Mutation } from '../../src/contract';
import type { Core } from '../../src/core/core';
import type { Db } from '../../src/core/store/database';
import { startDemoCore } from '../support/test-core';
import { agentFor, inspectDemoStore, unwrap } from '../support/store';

let core: Core;
let dataDir: string;
let agent: AgentApi;
let disk: Db;

beforeEach(async () => {
  ({ core, dataDir } = await startDemoCore());
  ({ agent } = agentFor(core));
  disk = await inspectDemoStore(dataDir);
});
afterEach(() => {
  disk.close();
  core.close();
});

const callUpserts = (callId: string) =>
  disk
    .prepare<[], { payload: string }>('SELECT payload FROM outbox ORDER BY seq')
    .all()
    .map((r) => JSON.parse(r.payload) as Mutation)
    .filter((m) => m.kind === 'call.upsert' && m.callId === callId);

it('sums every hold → resume, counts a hold still open at hang-up, and queues the total for the server', async () => {
  const callId = randomUUID();
  const base = { callId, direction: 'inbound' as const, localNumber: '+18005550100', remoteNumber: '03001234567' };
  const step = async (event: 'ringing' | 'answered' | 'on-hold' | 'resumed' | 'ended', at: string) =>
    unwrap(await agent.calls.logEvent({ ...base, event, at }));

  await step('ringing', '2026-11-23T10:00:00.000Z');
  await step('answered', '2026-11-23T10:00:05.000Z');
  await step('on-hold', '2026-11-23T10:01:00.000Z');
  // A repeated hold (the engine retrying) does not restart the clock.
  await step('on-hold', '2026-11-23T10:01:10.000Z');
  expect((await step('resumed', '2026-11-23T10:01:30.000Z')).holdSeconds).toBe(30);
  // A resume without a hold adds nothing.
  expect((await step('resumed', '2026-11-23T10:01:40.000Z')).holdSeconds).toBe(30);
  await step('on-hold', '2026-11-23T10:02:00.000Z');
  const ended = await step('ended', '2026-11-23T10:02:12.400Z');

  expect(ended).toMatchObject({ holdSeconds: 42, localNumber: '+18005550100', endedAt: '2026-11-23T10:02:12.400Z' });
  const history = unwrap(await agent.calls.history({ limit: 5 }));
  expect(history.find((c) => c.id === callId)?.holdSeconds).toBe(42);
  expect(callUpserts(callId).at(-1)).toMatchObject({ holdSeconds: 42, endedAt: '2026-11-23T10:02:12.400Z' });
});

it('refuses a hold for a call it never heard of, and one after the call ended, changing nothing', async () => {
  const callId = randomUUID();
  const base = { callId, direction: 'outbound' as const, localNumber: '1001', remoteNumber: '1002' };
  const held = await agent.calls.logEvent({ ...base, event: 'on-hold', at: '2026-11-23T10:00:00.000Z' });
  expect(held.ok ? 'accepted' : held.error.code).toBe('NOT_FOUND');
  expect(unwrap(await agent.calls.history({ limit: 5 })).some((c) => c.id === callId)).toBe(false);

  unwrap(await agent.calls.logEvent({ ...base, event: 'ringing', at: '2026-11-23T10:00:00.000Z' }));
  unwrap(await agent.calls.logEvent({ ...base, event: 'ended', at: '2026-11-23T10:00:09.000Z' }));
  const late = await agent.calls.logEvent({ ...base, event: 'on-hold', at: '2026-11-23T10:00:10.000Z' });
  expect(late.ok ? 'accepted' : late.error.code).toBe('CONFLICT');
  expect(unwrap(await agent.calls.history({ limit: 5 })).find((c) => c.id === callId)?.holdSeconds).toBe(0);
});
