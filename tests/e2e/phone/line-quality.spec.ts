/**
 * Line quality before any call (issue 14, item 4): the keepalive's OPTIONS round trips through a
 * line made bad on purpose (the impairing TCP proxy between the agent and Kamailio adds delay:
 * the kernel here has no netem) turn the status bar's indicator from good to poor, and the agent,
 * not yet Available, is told before taking a customer call.
 */
import { expect } from '@playwright/test';
import { startImpairingProxy, type ImpairingProxy } from '../../support/impairing-tcp-proxy';
import { registration, test } from './agents';

let proxy: ImpairingProxy | null = null;
test.afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

const SIP_PORT = Number(new URL(process.env.AGENT_TEST_SIP_WS ?? 'ws://127.0.0.1:8088').port);
/** Several 4 s keepalive pings must come in before the indicator moves: a cap, not a wait. */
const PINGS = { timeout: 90_000 };

test('the line indicator follows the path to the SIP server, and a poor line is said before going Available', async ({ startAgent }) => {
  proxy = await startImpairingProxy(SIP_PORT);
  const a = await startAgent('1001', { sipWs: `ws://127.0.0.1:${proxy.port}` });
  const line = a.page.getByRole('status', { name: 'Line quality' });
  await test.step('on Break the phone is registered (busy to callers) and measures its line: good', async () => {
    await a.page.getByRole('combobox', { name: 'Presence' }).selectOption('Break');
    await expect(registration(a.page)).toContainText('registered');
    await expect(line).toHaveText('Line: good', PINGS);
    await expect(line).toHaveAttribute('title', /round trip \d+ ms/);
    await expect(a.page.getByRole('alert', { name: 'Line warning' })).toHaveCount(0);
  });
  await test.step('800 ms each way: poor, and the agent is told before going Available', async () => {
    proxy?.impair({ delayMs: 800, jitterMs: 100 });
    await expect(line).toHaveText('Line: poor', PINGS);
    await expect(a.page.getByRole('alert', { name: 'Line warning' })).toContainText('Your line is poor');
    await expect(line).toHaveAttribute('title', /round trip (1[5-9]|[2-9]\d)\d\d ms/);
  });
});
