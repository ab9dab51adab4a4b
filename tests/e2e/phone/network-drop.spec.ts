import { expect } from '@playwright/test';
import { call, connect, expectAudioArriving, firstDiag, goAvailable, registration, test } from './agents';
import { startDropProxy, type DropProxy } from './tcp-drop-proxy';

let proxy: DropProxy | null = null;
test.afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

const SIP_PORT = Number(new URL(process.env.AGENT_TEST_SIP_WS ?? 'ws://127.0.0.1:8088').port);

test('a silent network drop (TCP drop proxy blackholes the socket) is noticed by the OPTIONS keepalive and healed', async ({ startAgent }) => {
  proxy = await startDropProxy(SIP_PORT);
  const a = await startAgent('1001', { sipWs: `ws://127.0.0.1:${proxy.port}` });
  await goAvailable(a.page);
  proxy.blackhole();
  // JsSIP alone would notice only when the REGISTER refresh times out, minutes later.
  await expect(registration(a.page)).toHaveText('Phone: not registered — server unreachable', { timeout: 10_000 });
  proxy.restore();
  await expect(registration(a.page)).toHaveText('Phone: registered');
});

test('a short hard drop during a call (TCP drop proxy cuts the socket) does not end the call', async ({ startAgent }) => {
  proxy = await startDropProxy(SIP_PORT);
  const [a, b] = await Promise.all([startAgent('1001', { sipWs: `ws://127.0.0.1:${proxy.port}` }), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);

  proxy.cut();
  await expect(registration(a.page)).toHaveText('Phone: not registered — server unreachable');
  proxy.restore();
  await expect(registration(a.page)).toHaveText('Phone: registered');
  // The restored transport triggers an ICE-restart re-INVITE, which must succeed end to end.
  await expect.poll(async () => (await firstDiag(a.page)).iceRestarts).toBeGreaterThan(0);
  await expect(call(a.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await expect(call(b.page, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await expectAudioArriving(b.page);
  await expect.poll(async () => (await firstDiag(a.page)).iceConnectionState).toMatch(/connected|completed/);
  // Hang-up still reaches the other side through the new socket.
  await call(a.page, '1002').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(b.page, '1001')).toHaveCount(0);
});
