import { execFileSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { goAvailable, registeredAt, test } from './agents';
import { expectScenarioPassed, received, startSipp } from './far-end/sipp';

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

test('after a sleep the phone registers again at once although its socket looked open; a customer call then rings', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  await expect.poll(() => bound('1002')).toBe(true);

  await test.step('stand-in: the registrar forgets the binding while the laptop sleeps', async () => {
    kamcmd('ul.rm', 'location', 's:1002');
    expect(bound('1002')).toBe(false);
  });

  const resumedAt = await test.step('stand-in: the laptop wakes (the clock-jump event the watchdog dispatches)', () =>
    agent.page.evaluate(() => {
      const at = Date.now();
      window.dispatchEvent(new CustomEvent('agent:clock-jump', { detail: { gapMs: 10 * 60_000 } }));
      return at;
    }),
  );

  await test.step('registered again, at the registrar too', async () => {
    await expect.poll(() => registeredAt(agent.page)).toBeGreaterThan(resumedAt);
    const at = (await registeredAt(agent.page))!;
    console.log(`resume → registered: ${at - resumedAt} ms (clock-jump stand-in, binding removed by kamcmd ul.rm)`);
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
