import { expect, type Page } from '@playwright/test';
import { goAvailable, test } from '../agents';
import { expectScenarioPassed, received, startSipp } from './sipp';

/**
 * Issue 11 fault 4 and the caller-ID faults: a carrier's INVITE with an identity in any shape
 * carriers and PBXs send rings, with the number read from it once (renderer/src/phone/caller-identity.ts);
 * one the phone cannot use gets 400 at once.
 */
const SHAPES: ReadonlyArray<{ from: string; shown: string; name?: string }> = [
  { from: '"Customer" <tel:+923001234567>', shown: '+923001234567', name: 'Customer' },
  { from: '<tel:+923001234567;phone-context=+92>', shown: '+923001234567' },
  { from: 'tel:+923001234567', shown: '+923001234567' },
  { from: '"Customer" <sip:+923001234567@carrier.example;user=phone>', shown: '+923001234567', name: 'Customer' },
  { from: '<sip:+92%20300%201234567@carrier.example>', shown: '+923001234567' },
  { from: '"Nída \\"N\\" Hüssain" <sip:+923001234567@carrier.example>', shown: '+923001234567', name: 'Nída "N" Hüssain' },
  { from: 'Nida Hussain <sip:03001234567@carrier.example>', shown: '03001234567', name: 'Nida Hussain' },
  { from: '"Anonymous" <sip:anonymous@anonymous.invalid>', shown: 'Withheld number' },
  { from: '<sip:restricted@carrier.example>', shown: 'Withheld number' },
  { from: '"Unavailable" <sip:unavailable@carrier.example>', shown: 'Number unavailable' },
];

/** The ringing call shows `shown` (and the caller's name); the agent declines it; SIPp saw 180 then 486. */
async function ringsAs(page: Page, shown: string, name: string | undefined): Promise<void> {
  const ringing = page.getByRole('region', { name: `Call with ${shown}`, exact: true });
  await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  if (name) await expect(ringing).toContainText(name);
  await ringing.getByRole('button', { name: 'Decline' }).click();
  await expect(ringing).toHaveCount(0);
}

test('incoming calls ring with the number read from every caller-ID shape carriers send', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  for (const shape of SHAPES) {
    await test.step(shape.from, async () => {
      const carrier = await startSipp(testInfo, 'inbound-caller-id.xml', { call: '1002', fill: { from: shape.from } });
      await ringsAs(agent.page, shape.shown, shape.name);
      expectScenarioPassed(await carrier.done);
    });
  }
  // The history shows the decoded numbers and the privacy words, never "anonymous" or %20.
  const history = agent.page.getByRole('region', { name: 'Call history' });
  await expect(history).toContainText('Withheld number');
  await expect(history).not.toContainText('%20');
  await expect(history).not.toContainText('anonymous');
});

test('a withheld caller is never offered as a new contact; an unknown number is', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const newContact = agent.page.getByRole('form', { name: 'New contact' });

  const unknown = await startSipp(testInfo, 'inbound-caller-id.xml', { call: '1002', fill: { from: '<sip:+92%20300%207654321@carrier.example>' } });
  await expect(newContact).toContainText('+923007654321');
  await ringsAs(agent.page, '+923007654321', undefined);
  expectScenarioPassed(await unknown.done);

  const anonymous = await startSipp(testInfo, 'inbound-caller-id.xml', { call: '1002', fill: { from: '"Anonymous" <sip:anonymous@anonymous.invalid>' } });
  const ringing = agent.page.getByRole('region', { name: 'Call with Withheld number' });
  await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await expect(newContact).toHaveCount(0);
  await ringing.getByRole('button', { name: 'Decline' }).click();
  expectScenarioPassed(await anonymous.done);
});

test('a caller number with spaces pops the known contact', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002', { demoData: true });
  await expect(agent.page.getByRole('status', { name: 'Sync status' })).not.toContainText('last sync never', { timeout: 30_000 });
  await goAvailable(agent.page);
  // The demo contact Nida Hussain is +923224942043.
  const carrier = await startSipp(testInfo, 'inbound-caller-id.xml', { call: '1002', fill: { from: '<sip:+92%20322%20494%202043@carrier.example>' } });
  await expect(agent.page.getByRole('article', { name: 'Contact Nida Hussain' })).toBeVisible();
  await ringsAs(agent.page, '+923224942043', undefined);
  expectScenarioPassed(await carrier.done);
});

const UNUSABLE: ReadonlyArray<[string, string]> = [
  ['a tel: Contact (no SIP address to reach the caller at)', 'Contact: <tel:+923001234567>'],
  ['a Contact the SIP grammar cannot read', 'Contact: <sip:sipp@@127.0.0.1:5070>'],
];

for (const [what, line] of UNUSABLE) {
  test(`an INVITE with ${what} gets 400 at once, not silence`, async ({ startAgent }, testInfo) => {
    const agent = await startAgent('1002');
    await goAvailable(agent.page);
    const carrier = await startSipp(testInfo, 'inbound-unreadable-header.xml', { call: '1002', fill: { bad_line: line } });
    const wire = await carrier.done;
    expectScenarioPassed(wire);
    expect(received(wire).some((l) => l.startsWith('SIP/2.0 400'))).toBe(true);
    await expect(agent.page.getByRole('region', { name: /^Call with/ })).toHaveCount(0);
  });
}
