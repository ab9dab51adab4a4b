import { expect, type Locator, type Page } from '@playwright/test';
import type { CallRecord } from '../../../../src/contract';
import { coreRequest } from '../../support/core-request';
import { goAvailable, test } from '../agents';
import { expectScenarioPassed, startSipp, type SippRun } from './sipp';

/**
 * Issue 11: what a PBX or carrier puts in an INVITE's headers reaches the agent. The caller behind
 * an anonymous From, from P-Asserted-Identity (RFC 3325; renderer/src/phone/caller-identity.ts
 * `inboundCaller`); the number the customer dialed (DNIS) from P-Called-Party-ID or To, unlike the
 * agent's extension in the Request-URI (renderer/src/phone/calls/dialed-number.ts).
 */
const TO_AGENT = '<sip:1002@127.0.0.1>';

/** SIPp rings agent 1002 with these headers; the call rings as `shown`; `check` looks at it; the agent declines. */
async function ringsAs(page: Page, run: () => Promise<SippRun>, shown: string, check: (call: Locator) => Promise<void>): Promise<void> {
  const carrier = await run();
  const ringing = page.getByRole('region', { name: `Call with ${shown}`, exact: true });
  await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  await check(ringing);
  await ringing.getByRole('button', { name: 'Decline' }).click();
  await expect(ringing).toHaveCount(0);
  expectScenarioPassed(await carrier.done);
}

test('a trusted PBX asserting the caller (P-Asserted-Identity) behind an anonymous From: the agent sees the number', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const anonymous = '"Anonymous" <sip:anonymous@anonymous.invalid>';
  const ring = (headers: string) => () => startSipp(testInfo, 'inbound-addressed.xml', { call: '1002', fill: { from: anonymous, to: TO_AGENT, headers } });

  await test.step('sip: P-Asserted-Identity with a name', () =>
    ringsAs(agent.page, ring('P-Asserted-Identity: "Customer" <sip:+923001234567@pbx.example;user=phone>'), '+923001234567', async (c) => {
      await expect(c).toContainText('Customer');
    }));
  await test.step('a sip: and a tel: value (RFC 3325 §9.1), the first withheld', () =>
    ringsAs(agent.page, ring('P-Asserted-Identity: <sip:anonymous@pbx.example>\nP-Asserted-Identity: <tel:+923007654321>'), '+923007654321', async () => undefined));
  await test.step('the caller asked for privacy (Privacy: id): still withheld', () =>
    ringsAs(agent.page, ring('P-Asserted-Identity: <sip:+923001234567@pbx.example>\nPrivacy: id'), 'Withheld number', async () => undefined));
  // The history row is the asserted number, never "anonymous".
  await expect(agent.page.getByRole('region', { name: 'Call history' })).toContainText('+923007654321');
});

test('the number the customer dialed (DNIS) shows on the ringing call, unlike the agent extension', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const from = '"Customer" <sip:+923001234567@carrier.example>';
  const ring = (to: string, headers: string) => () => startSipp(testInfo, 'inbound-addressed.xml', { call: '1002', fill: { from, to, headers } });
  const dialed = (number: string) => async (c: Locator) => {
    await expect(c.getByLabel('Dialed number')).toHaveText(`on ${number}`);
  };

  await test.step('P-Called-Party-ID (RFC 3455 §4.2) wins over To', () =>
    ringsAs(agent.page, ring('<sip:+18005550100@pbx.example>', 'P-Called-Party-ID: "Sales line" <sip:+18005550199@pbx.example;user=phone>'), '+923001234567', dialed('+18005550199')));
  await test.step('the To the carrier addressed (a toll-free campaign number)', () =>
    ringsAs(agent.page, ring('<sip:+18005550100@pbx.example;user=phone>', 'Subject: campaign call'), '+923001234567', dialed('+18005550100')));
  await test.step('a tel: To', () => ringsAs(agent.page, ring('<tel:0800-123-456>', 'Subject: campaign call'), '+923001234567', dialed('0800-123-456')));
});

test('a customer hanging up while it rings (CANCEL): the call stops ringing and is logged abandoned', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const carrier = await startSipp(testInfo, 'inbound-cancel.xml', { call: '1002' });
  const wire = await carrier.done;
  expectScenarioPassed(wire);
  await expect(agent.page.getByRole('region', { name: /^Call with/ })).toHaveCount(0);
  await expect
    .poll(async () => ((await coreRequest(agent.page, 'calls.history', { limit: 1 })) as { value?: CallRecord[] }).value?.[0])
    .toMatchObject({ direction: 'inbound', remoteNumber: '+923001234567', answeredAt: null, outcome: 'abandoned' });
});
