/**
 * The agent's figures through the core's API, from calls logged and wrapped up on a real
 * encrypted store: they come from the store, so they are the same after a restart.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../src/core/core';
import { agentFor, unwrap } from '../support/store';
import { startDemoCore, tempDir } from '../support/test-core';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

it('counts the calls logged in a period, their talk and wrap-up time and dispositions, and keeps them across a restart', async () => {
  const dataDir = tempDir();
  const first = await startDemoCore(dataDir);
  cores.push(first.core);
  const { agent } = agentFor(first.core);
  const t0 = Date.now() - 10 * 60_000;
  const iso = (ms: number) => new Date(t0 + ms).toISOString();

  const answered = randomUUID();
  const base = { callId: answered, direction: 'inbound' as const, localNumber: '1001', remoteNumber: '03001234567' };
  unwrap(await agent.calls.logEvent({ ...base, event: 'ringing', at: iso(0) }));
  unwrap(await agent.calls.logEvent({ ...base, event: 'answered', at: iso(5_000) }));
  unwrap(await agent.calls.logEvent({ ...base, event: 'ended', at: iso(125_000) }));
  const code = unwrap(await agent.wrapup.dispositionCodes({ callId: answered })).find((c) => !c.needsCallback)!.code;
  unwrap(await agent.wrapup.complete({ callId: answered, disposition: code }));

  const missed = { callId: randomUUID(), direction: 'inbound' as const, localNumber: '1001', remoteNumber: '03007654321' };
  unwrap(await agent.calls.logEvent({ ...missed, event: 'ringing', at: iso(200_000) }));
  unwrap(await agent.calls.logEvent({ ...missed, event: 'ended', at: iso(230_000), endCause: 'Canceled' }));

  // An explicit start: "today" (the default) would miss these calls just after midnight.
  const period = { since: iso(-1_000) };
  const today = unwrap(await agent.kpis.summary(period));
  expect(today).toMatchObject({ inbound: 2, outbound: 0, answered: 1, missed: 1, averageTalkSeconds: 120, dispositions: { [code]: 1 } });
  expect(today.averageWrapupSeconds).toBeGreaterThan(0);
  // A period that starts after these calls has none of them.
  expect(unwrap(await agent.kpis.summary({ since: new Date(Date.now() + 60_000).toISOString() }))).toMatchObject({ inbound: 0, answered: 0 });
  await expect(agent.kpis.summary({ since: 'yesterday' } as never)).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

  first.core.close();
  cores.pop();
  const again = await startDemoCore(dataDir);
  cores.push(again.core);
  expect(unwrap(await agentFor(again.core).agent.kpis.summary(period))).toEqual(today);
});
