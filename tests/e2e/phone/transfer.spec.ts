import { expect } from '@playwright/test';
import { call, connect, dial, goAvailable, test } from './agents';

const state = (region: ReturnType<typeof call>) => region.getByRole('status', { name: 'Call state' });

test('blind transfer: B transfers A to C, A and C end up talking, B is free', async ({ startAgent }) => {
  const [a, b, c] = await Promise.all([startAgent('1001'), startAgent('1002'), startAgent('1003')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page), goAvailable(c.page)]);

  await connect(a, b);
  await expect(state(call(b.page, '1001'))).toHaveText('Connected');

  await call(b.page, '1001').getByRole('textbox', { name: 'Transfer to' }).fill('1003');
  await call(b.page, '1001').getByRole('button', { name: 'Transfer', exact: true }).click();

  await expect(state(call(c.page, '1001'))).toHaveText('Incoming call');
  await call(c.page, '1001').getByRole('button', { name: 'Answer' }).click();
  await expect(state(call(a.page, '1003'))).toHaveText('Connected');
  await expect(state(call(c.page, '1001'))).toHaveText('Connected');
  await expect(call(b.page, '1001')).toHaveCount(0);
  await expect(call(a.page, '1002')).toHaveCount(0);

  await call(c.page, '1001').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(a.page, '1003')).toHaveCount(0);
  // A's history has both legs: the call to B and the transferred call to C.
  await expect(a.page.getByRole('listitem', { name: 'Outbound call 1002' })).toBeVisible();
  await expect(a.page.getByRole('listitem', { name: 'Outbound call 1003' })).toBeVisible();
});

test('call waiting and attended transfer: B takes a second call, then connects A to C', async ({ startAgent }) => {
  const [a, b, c] = await Promise.all([startAgent('1001'), startAgent('1002'), startAgent('1003')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page), goAvailable(c.page)]);

  await connect(a, b);
  await expect(state(call(b.page, '1001'))).toHaveText('Connected');

  // A second inbound call while B is talking rings alongside; answering it holds the first.
  await dial(c.page, '1002');
  await expect(state(call(b.page, '1003'))).toHaveText('Incoming call');
  await call(b.page, '1003').getByRole('button', { name: 'Answer' }).click();
  await expect(state(call(b.page, '1003'))).toHaveText('Connected');
  await expect(state(call(b.page, '1001'))).toHaveText('On hold');
  await expect(state(call(a.page, '1002'))).toHaveText('Held by the other party');

  // Attended transfer: B connects the held caller A with C and drops out.
  await call(b.page, '1001').getByRole('button', { name: 'Connect to 1003' }).click();
  await expect(call(b.page, '1001')).toHaveCount(0);
  await expect(call(b.page, '1003')).toHaveCount(0);
  await expect(state(call(a.page, '1003'))).toHaveText('Connected');
  await expect(state(call(c.page, '1001'))).toHaveText('Connected');
  await call(a.page, '1003').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(c.page, '1001')).toHaveCount(0);
});
