import { expect, type Page } from '@playwright/test';
import type { CallRecord } from '../../../src/contract';
import { coreRequest } from '../support/core-request';
import { call, connect, dial, expectAudioArriving, firstDiag, goAvailable, registration, test } from './agents';

/** The newest call in the agent's local store, as the agent API returns it. */
async function lastLoggedCall(page: Page): Promise<CallRecord | undefined> {
  const history = (await coreRequest(page, 'calls.history', { limit: 1 })) as { ok: boolean; value?: CallRecord[] };
  return history.value?.[0];
}

test('a wrong SIP password shows the failure in the status bar', async ({ startAgent }) => {
  const a = await startAgent('1001', { password: 'not-the-password' });
  await a.page.getByRole('combobox', { name: 'Presence' }).selectOption('Available');
  await expect(registration(a.page)).toHaveText('Phone: not registered — wrong password');
});

test('A calls B: ringing, answer, two-way audio, hold, mute, DTMF, hang up, both call logs', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await expect(registration(a.page)).toHaveText('Phone: off (not registered)');
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);

  await dial(a.page, '1002');
  const atB = call(b.page, '1001');
  await expect(atB.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await expect(call(a.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Ringing…');
  await atB.getByRole('button', { name: 'Answer' }).click();
  const atA = call(a.page, '1002');
  await expect(atA.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await expect(atB.getByRole('status', { name: 'Call state' })).toHaveText('Connected');

  // Audio both ways: inbound RTP bytes keep growing on each side.
  for (const page of [a.page, b.page]) await expectAudioArriving(page);

  // The quality indicator reads the call's WebRTC stats; a loopback call is good.
  await expect(atA.getByLabel('Call quality')).toContainText(/Quality good · MOS 4\.\d/);

  // Hold: the re-INVITE goes through and the media direction is renegotiated on both sides.
  const holdClicked = Date.now();
  await atA.getByRole('button', { name: 'Hold' }).click();
  await expect(atA.getByRole('status', { name: 'Call state' })).toHaveText('On hold');
  const holdShown = Date.now();
  await expect(atB.getByRole('status', { name: 'Call state' })).toHaveText('Held by the other party');
  await expect.poll(async () => (await firstDiag(a.page)).currentDirection).toBe('sendonly');
  await expect.poll(async () => (await firstDiag(b.page)).currentDirection).toBe('recvonly');
  const resumeClicking = Date.now();
  await atA.getByRole('button', { name: 'Resume' }).click();
  const resumeClicked = Date.now();
  await expect(atB.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await expect.poll(async () => (await firstDiag(a.page)).currentDirection).toBe('sendrecv');

  // Mute: A's microphone track stops feeding the call; unmute brings it back.
  await atA.getByRole('button', { name: 'Mute' }).click();
  await expect(atA.getByRole('button', { name: 'Unmute' })).toBeVisible();
  expect((await firstDiag(a.page)).senderTrackEnabled).toBe(false);
  await atA.getByRole('button', { name: 'Unmute' }).click();
  expect((await firstDiag(a.page)).senderTrackEnabled).toBe(true);

  // DTMF as RFC 4733 events: the RTP sender really plays the tones.
  await atA.getByRole('button', { name: 'Keypad' }).click();
  for (const d of ['1', '2', '#']) await atA.getByRole('button', { name: `Send tone ${d}` }).click();
  await expect(atA.getByRole('status', { name: 'Tones sent' }).or(atA.getByLabel('Tones sent'))).toHaveText('12#');
  await expect.poll(async () => (await firstDiag(a.page)).dtmfTonesPlayed, { timeout: 10_000 }).toBe('12#');
  // DTMF as SIP INFO (the setting for servers that want it): B's engine receives the digit.
  await a.page.getByText('Audio devices and keypad').click();
  await a.page.getByRole('combobox', { name: 'Keypad tones' }).selectOption('info');
  await atA.getByRole('button', { name: 'Send tone 5' }).click();
  await expect(atB.getByLabel('Tones received')).toHaveText('5');

  await atA.getByRole('button', { name: 'Hang up' }).click();
  await expect(atA).toHaveCount(0);
  await expect(atB).toHaveCount(0);

  // Both local stores have the call, answered and ended: the history shows its talk time.
  await expect(a.page.getByRole('listitem', { name: 'Outbound call 1002' })).toContainText(/\d\d:\d\d · Hung up\s*Redial/);
  await expect(b.page.getByRole('listitem', { name: 'Inbound call 1001' })).toContainText(/\d\d:\d\d · Hung up\s*Redial/);
  // The records behind the history: A's hold time (for AHT) lies between the shortest and the
  // longest the test can have seen; B was held, which is not B's hold time; B logs the number A
  // dialed (DNIS), taken from the INVITE.
  const atALog = await lastLoggedCall(a.page);
  expect(atALog).toMatchObject({ direction: 'outbound', localNumber: '1001', remoteNumber: '1002' });
  expect(atALog?.holdSeconds).toBeGreaterThanOrEqual(Math.round((resumeClicking - holdShown) / 1000));
  expect(atALog?.holdSeconds).toBeLessThanOrEqual(Math.round((resumeClicked - holdClicked) / 1000));
  expect(await lastLoggedCall(b.page)).toMatchObject({ direction: 'inbound', localNumber: '1002', remoteNumber: '1001', holdSeconds: 0 });
  // Redial from the history starts a new call to the same number.
  await a.page.getByRole('button', { name: 'Redial 1002' }).click();
  await expect(call(b.page, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await call(a.page, '1002').getByRole('button', { name: 'Hang up' }).click();
  await expect(call(b.page, '1001')).toHaveCount(0);
});

test('a tel: link handed to the app dials once the phone is registered', async ({ startAgent }) => {
  const b = await startAgent('1002');
  await goAvailable(b.page);
  const a = await startAgent('1001', { query: `&dial=${encodeURIComponent('tel:10-02')}` });
  await a.page.getByRole('combobox', { name: 'Presence' }).selectOption('Available');
  await expect(call(b.page, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await call(b.page, '1001').getByRole('button', { name: 'Decline' }).click();
  await expect(a.page.getByRole('listitem', { name: 'Outbound call 1002' })).toContainText('Busy');
});

test('a call that never connects says why it ended and asks for no wrap-up', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  const presence = a.page.getByRole('combobox', { name: 'Presence' });
  const lastCall = a.page.getByRole('status', { name: 'Last call' });

  await test.step('a number nobody is registered on: the reason stays on screen, the agent is ready again', async () => {
    await dial(a.page, '1003');
    await expect(lastCall).toHaveText(/^Call with 1003 ended: (Number not found|Unavailable)$/);
    await expect(presence).toHaveValue('Available');
    await expect(a.page.getByRole('form', { name: 'Wrap-up' })).toHaveCount(0);
    await expect(a.page.getByRole('listitem', { name: 'Outbound call 1003' })).toContainText(/Number not found|Unavailable/);
  });

  await test.step('declined by the other side: "Busy", no wrap-up', async () => {
    await dial(a.page, '1002');
    await call(b.page, '1001').getByRole('button', { name: 'Decline' }).click();
    await expect(lastCall).toHaveText('Call with 1002 ended: Busy');
    await expect(presence).toHaveValue('Available');
    await expect(a.page.getByRole('form', { name: 'Wrap-up' })).toHaveCount(0);
  });

  await test.step('a connected call still shows how it ended, and is wrapped up', async () => {
    await dial(a.page, '1002');
    await call(b.page, '1001').getByRole('button', { name: 'Answer' }).click();
    await expect(call(a.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await call(b.page, '1001').getByRole('button', { name: 'Hang up' }).click();
    await expect(lastCall).toHaveText('Call with 1002 ended: Hung up');
    await expect(presence).toHaveValue('Wrap-up');
    await expect(a.page.getByRole('form', { name: 'Wrap-up' })).toBeVisible();
  });
});

test('a second tab on the same address takes over: only it rings, and the call is logged once', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  // The agent opens the desk's address again in another tab of the same browser.
  const tab = await b.context.newPage();
  await tab.goto(b.host.url);
  await expect(b.page.getByRole('alert', { name: 'Desk taken over' })).toBeVisible();
  await expect(registration(tab)).toHaveText('Phone: registered');

  await dial(a.page, '1002');
  await expect(call(tab, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await expect(call(b.page, '1001')).toHaveCount(0);
  await call(tab, '1001').getByRole('button', { name: 'Answer' }).click();
  await expect(call(a.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await call(tab, '1001').getByRole('button', { name: 'Hang up' }).click();
  await expect(tab.getByRole('status', { name: 'Last call' })).toHaveText(/ended: Hung up$/);
  const history = (await coreRequest(tab, 'calls.history', { limit: 10 })) as { ok: true; value: CallRecord[] };
  expect(history.value.filter((c) => c.remoteNumber === '1001')).toHaveLength(1);
  await expect(tab.getByRole('status', { name: "Today's figures" })).toContainText('Today: 1 call · 1 answered');
});

test('a second tab is refused while the first is on a call or in its wrap-up: the call goes on untouched', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await connect(a, b);
  const atB = call(b.page, '1001');

  await test.step('on a call: the newer tab says why it did not take over; the call and its audio go on', async () => {
    const tab = await b.context.newPage();
    await tab.goto(b.host.url);
    await expect(tab.getByRole('alert', { name: 'Desk in use' })).toContainText('which is on a call');
    await expect(tab.getByRole('combobox', { name: 'Presence' })).toHaveCount(0);
    await expect(b.page.getByRole('alert', { name: 'Desk taken over' })).toHaveCount(0);
    await expect(atB.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await expectAudioArriving(b.page);
    // The first tab still has the desk: it holds and resumes the call as before.
    await atB.getByRole('button', { name: 'Hold' }).click();
    await expect(call(a.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Held by the other party');
    await atB.getByRole('button', { name: 'Resume' }).click();
    await expect(call(a.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await tab.close();
  });

  await test.step('in the wrap-up: refused too, and the wrap-up is submitted in the first tab', async () => {
    await atB.getByRole('button', { name: 'Hang up' }).click();
    await expect(b.page.getByRole('form', { name: 'Wrap-up' })).toBeVisible();
    const tab = await b.context.newPage();
    await tab.goto(b.host.url);
    await expect(tab.getByRole('alert', { name: 'Desk in use' })).toContainText('which has a wrap-up open');
    await b.page.getByRole('combobox', { name: 'Disposition' }).selectOption('resolved');
    await b.page.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(b.page.getByRole('combobox', { name: 'Presence' })).toHaveValue('Available');
    await tab.close();
  });

  await test.step('idle again: a newer tab takes over, and the call was logged once', async () => {
    const tab = await b.context.newPage();
    await tab.goto(b.host.url);
    await expect(b.page.getByRole('alert', { name: 'Desk taken over' })).toBeVisible();
    await expect(registration(tab)).toHaveText('Phone: registered');
    const history = (await coreRequest(tab, 'calls.history', { limit: 10 })) as { ok: true; value: CallRecord[] };
    expect(history.value.filter((c) => c.remoteNumber === '1001')).toHaveLength(1);
  });
});

test('a call refused while the agent is on Break is not counted as missed', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await b.page.getByRole('combobox', { name: 'Presence' }).selectOption('Break');
  await expect(registration(b.page)).toContainText('registered');
  await dial(a.page, '1002');
  await expect(a.page.getByRole('status', { name: 'Last call' })).toHaveText('Call with 1002 ended: Busy');
  await expect(b.page.getByRole('listitem', { name: 'Inbound call 1001' })).toContainText('Refused — you were not ready');
  const kpis = (await coreRequest(b.page, 'kpis.summary', {})) as { ok: true; value: { inbound: number; missed: number } };
  expect(kpis.value).toMatchObject({ inbound: 1, missed: 0 });
  await expect(b.page.getByRole('status', { name: "Today's figures" })).not.toContainText('missed');
});
