import { execFileSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { call, connect, expectAudioArriving, goAvailable, registeredAt, test, type Agent } from './agents';
import { expectScenarioPassed, received, startSipp } from './far-end/sipp';
import { startDropProxy } from './tcp-drop-proxy';

/**
 * Issue 11 fault 7 / issue 14 item 2: after the laptop wakes the phone REGISTERs at once, even
 * on a WebSocket that still looks open, because the registrar may have dropped the binding while
 * the laptop slept. A headless page cannot sleep, so two named stand-ins play the night:
 *   - the registrar forgetting the binding: `kamcmd ul.rm` on the namespace's Kamailio (what
 *     its expiry timer does to a laptop that slept past the binding's lifetime);
 *   - the wake: the page's clock-jump event (CLOCK_JUMP_EVENT, renderer/src/phone/recovery/
 *     connection-recovery.ts), exactly what the watchdog dispatches when its 1 s timer fires
 *     minutes late — Electron's powerMonitor 'resume' takes the same path in the engine.
 */
const kamcmd = (...args: string[]): string => {
  try {
    return execFileSync('kamcmd', ['-s', `unix:${process.env.KAM_RUN ?? '/tmp/kamailio-test'}/kamailio_ctl`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return String((err as { stdout?: string; stderr?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '');
  }
};
/** Whether the registrar holds a binding for the extension now (kamcmd's `s:` keeps "1002" a string). */
const bound = (ext: string): boolean => {
  const out = kamcmd('ul.lookup', 'location', `s:${ext}`);
  return /Contact/i.test(out) && !/not found/i.test(out);
};

/** Stand-in for the wake: the event the clock-jump watchdog dispatches. Returns the page's clock at that moment. */
const wake = (agent: Agent): Promise<number> =>
  agent.page.evaluate(() => {
    const at = Date.now();
    window.dispatchEvent(new CustomEvent('agent:clock-jump', { detail: { gapMs: 10 * 60_000 } }));
    return at;
  });

test('after a sleep with no call up the phone registers again at once through a fresh socket; a customer call then rings', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  await expect.poll(() => bound('1002')).toBe(true);

  await test.step('stand-in: the registrar forgets the binding while the laptop sleeps', async () => {
    kamcmd('ul.rm', 'location', 's:1002');
    expect(bound('1002')).toBe(false);
  });

  const resumedAt = await test.step('stand-in: the laptop wakes (the clock-jump event the watchdog dispatches)', () => wake(agent));

  await test.step('registered again, at the registrar too', async () => {
    await expect.poll(() => registeredAt(agent.page)).toBeGreaterThan(resumedAt);
    const at = (await registeredAt(agent.page))!;
    console.log(`resume → registered, no call up: ${at - resumedAt} ms (clock-jump stand-in, binding removed by kamcmd ul.rm)`);
    await expect.poll(() => bound('1002')).toBe(true);
  });

  await test.step('a customer who calls now reaches the agent, not a 404', async () => {
    const carrier = await startSipp(testInfo, 'inbound-caller-id.xml', { call: '1002', fill: { from: '"Customer" <sip:+923001234567@carrier.example>' } });
    const ringing = agent.page.getByRole('region', { name: 'Call with +923001234567', exact: true });
    await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
    await ringing.getByRole('button', { name: 'Decline' }).click();
    const wire = await carrier.done;
    expectScenarioPassed(wire);
    expect(received(wire)).not.toContain('SIP/2.0 404 Not Found');
  });
});

test('after a sleep on a socket that looks open but is dead, the phone takes a fresh one and registers', async ({ startAgent }) => {
  const SIP_PORT = Number(new URL(process.env.AGENT_TEST_SIP_WS ?? 'ws://127.0.0.1:8088').port);
  const proxy = await startDropProxy(SIP_PORT);
  try {
    const agent = await startAgent('1002', { sipWs: `ws://127.0.0.1:${proxy.port}` });
    await goAvailable(agent.page);
    await expect.poll(() => bound('1002')).toBe(true);
    // Stand-ins for the night: the socket left open but dead (TCP drop proxy), the binding gone (kamcmd).
    proxy.strandOpen();
    kamcmd('ul.rm', 'location', 's:1002');
    const resumedAt = await wake(agent);
    await expect.poll(() => registeredAt(agent.page), { timeout: 15_000 }).toBeGreaterThan(resumedAt);
    console.log(`resume → registered on a dead socket: ${(await registeredAt(agent.page))! - resumedAt} ms (no call up: the dead socket replaced at once, no ping timeout)`);
    await expect.poll(() => bound('1002')).toBe(true);
  } finally {
    await proxy.close();
  }
});

test('waking during a call REGISTERs at once on the call socket and the call goes on', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);
  kamcmd('ul.rm', 'location', 's:1002');
  const resumedAt = await wake(b);
  await expect.poll(() => registeredAt(b.page)).toBeGreaterThan(resumedAt);
  console.log(`resume → registered, call up: ${(await registeredAt(b.page))! - resumedAt} ms (REGISTER on the call's socket)`);
  await expect.poll(() => bound('1002')).toBe(true);
  await expect(call(b.page, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await expectAudioArriving(b.page);
  await call(b.page, '1001').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(a.page, '1002')).toHaveCount(0);
});
