import { expect } from '@playwright/test';
import { call, connect, dial, expectAudioArriving, firstDiag, goAvailable, kamailio, registeredAt, registration, test } from './agents';

test('Kamailio killed and restarted: both agents registered again within 1 s of it listening', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);

  kamailio.kill();
  await expect(registration(a.page)).toHaveText('Phone: not registered — server unreachable');
  await expect(registration(b.page)).toHaveText('Phone: not registered — server unreachable');

  const listening = await kamailio.start();
  await expect(registration(a.page)).toHaveText('Phone: registered');
  await expect(registration(b.page)).toHaveText('Phone: registered');
  const [ra, rb] = await Promise.all([registeredAt(a.page), registeredAt(b.page)]);
  const ms = Math.max(ra ?? Infinity, rb ?? Infinity) - listening;
  console.log(`re-registered after Kamailio restart: A ${(ra ?? NaN) - listening} ms, B ${(rb ?? NaN) - listening} ms (both within ${ms} ms)`);
  test.info().annotations.push({ type: 're-register ms', description: String(ms) });
  // The measure; the target is 1 s, the margin absorbs a loaded test machine.
  expect(ms).toBeLessThan(1500);

  // The registrations are real: a call goes through the restarted server.
  await dial(a.page, '1002');
  await expect(call(b.page, '1001').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await call(b.page, '1001').getByRole('button', { name: 'Decline' }).click();
  await expect(call(a.page, '1002')).toHaveCount(0);
});

/** How long the line stays down after the phone's first failure in the never-registered case. */
const NEVER_UP_OUTAGE_MS = 6500;

test('a phone started while Kamailio is down registers soon after it listens (a server not reached since start is checked every second)', async ({ startAgent }) => {
  // A workstation started after a power cut while the line to the SIP server is still coming up.
  kamailio.kill();
  try {
    const a = await startAgent('1001');
    await a.page.getByRole('combobox', { name: 'Presence' }).selectOption('Available');
    await expect(registration(a.page)).toHaveText('Phone: not registered — server unreachable');
    // The outage itself, not a wait for an event: the line stays down this long after the first
    // failure, so the phone is past its one quick retry and on its every-second checks.
    await new Promise((resolve) => setTimeout(resolve, NEVER_UP_OUTAGE_MS));
    const listening = await kamailio.start();
    await expect(registration(a.page)).toHaveText('Phone: registered');
    const ms = ((await registeredAt(a.page)) ?? Infinity) - listening;
    console.log(`registered ${ms} ms after Kamailio listened (phone never registered since start)`);
    test.info().annotations.push({ type: 'first register ms', description: String(ms) });
    // Checks every 1 s ±20 % plus the WebSocket and REGISTER round trips, with margin for a loaded
    // machine. Checking every 5 s from the start (the first version) gave 2.6–2.8 s here.
    expect(ms).toBeLessThan(2000);
  } finally {
    // The next tests need the server whatever happened here.
    if (!(await kamailio.listening())) await kamailio.start();
  }
});

test('presence on Break keeps the phone registered but refuses incoming calls busy', async ({ startAgent }) => {
  const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
  await b.page.getByRole('combobox', { name: 'Presence' }).selectOption('Break');
  await expect(registration(b.page)).toHaveText('Phone: registered · incoming calls refused (busy)');
  await dial(a.page, '1002');
  await expect(a.page.getByRole('listitem', { name: 'Outbound call 1002' })).toContainText('Busy');
  await b.page.getByRole('combobox', { name: 'Presence' }).selectOption('Offline');
  await expect(registration(b.page)).toHaveText('Phone: off (not registered)');
});

/**
 * Issue 11 fault 2 (its field case): the SIP server killed and restarted, or frozen for 11 s,
 * during a call. Both phones reconnect and send their ICE-restart re-INVITE at about the same
 * time; the crossing offer gets 491 and touches nothing, each side withdraws its own offer and
 * sends a fresh one after RFC 3261 §14.1's random wait (2.1–4 s for the caller, who owns the
 * Call-ID; 0–2 s for the callee). The call — its audio peer to peer, flowing all through the
 * outage — stays up with audio both ways. (An ICE restart sent before the other phone has
 * registered again is refused by the server; the agent is then told the line refused to repair
 * the audio path, truthfully, and the call goes on: that is allowed here.)
 */
const FROZEN_MS = 11_000; // the field report's outage

const OUTAGES: ReadonlyArray<[string, () => Promise<void>]> = [
  [
    'killed and restarted',
    async () => {
      kamailio.kill();
      await kamailio.start();
    },
  ],
  [
    'frozen for 11 s',
    async () => {
      kamailio.freeze();
      try {
        // The outage itself, not a wait for an event: the server stays frozen this long.
        await new Promise((resolve) => setTimeout(resolve, FROZEN_MS));
      } finally {
        kamailio.thaw();
      }
    },
  ],
];

for (const [outage, run] of OUTAGES) {
  test(`Kamailio ${outage} during a call: both phones ICE-restart at once, the glare resolves, the call stays up with audio both ways`, async ({ startAgent }) => {
    const [a, b] = await Promise.all([startAgent('1001'), startAgent('1002')]);
    await Promise.all([goAvailable(a.page), goAvailable(b.page)]);
    await connect(a, b);
    await Promise.all([expectAudioArriving(a.page), expectAudioArriving(b.page)]);

    await test.step(`the SIP server is ${outage}`, run);
    await test.step('both phones register again and restart ICE', async () => {
      await expect(registration(a.page)).toHaveText('Phone: registered', { timeout: 30_000 });
      await expect(registration(b.page)).toHaveText('Phone: registered', { timeout: 30_000 });
      await expect.poll(async () => (await firstDiag(a.page)).iceRestarts, { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await firstDiag(b.page)).iceRestarts, { timeout: 15_000 }).toBeGreaterThan(0);
    });
    await test.step('the call is up on both sides, audio both ways', async () => {
      for (const [page, other] of [[a.page, '1002'], [b.page, '1001']] as const) {
        await expect(call(page, other).getByRole('status', { name: 'Call state' })).toHaveText('Connected');
        await expect.poll(async () => (await firstDiag(page)).iceConnectionState).toMatch(/connected|completed/);
        await expectAudioArriving(page);
      }
    });
    // Hang-up reaches the other side through the server that came back.
    await call(a.page, '1002').getByRole('button', { name: 'Hang up' }).click();
    await expect(call(b.page, '1001')).toHaveCount(0);
  });
}
