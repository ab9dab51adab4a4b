import { expect } from '@playwright/test';
import { coreRequest } from '../support/core-request';
import { call, goAvailable, test } from './agents';

/** The first insurance-renewal lead's line, Sandra Lee's, as a SIP account (tests/sip/kamailio.cfg). */
const LEAD_LINE = { ext: '+13123045605', password: 'customer2' };

test('a previewed lead is dialed through the real phone, answered, and wrapped up under its campaign', async ({ startAgent }) => {
  const [agent, customer] = await Promise.all([startAgent('1002', { demoData: true }), startAgent(LEAD_LINE.ext, { password: LEAD_LINE.password })]);
  await Promise.all([goAvailable(agent.page), goAvailable(customer.page)]);

  const dialer = agent.page.getByRole('region', { name: 'Softphone' }).getByLabel('Preview dialing');
  const atAgent = call(agent.page, LEAD_LINE.ext);
  const presence = agent.page.getByRole('combobox', { name: 'Presence' });
  await test.step('the agent takes the first insurance-renewal lead and dials it', async () => {
    const picker = dialer.getByRole('combobox', { name: 'Campaign' });
    await expect(picker.getByRole('option', { name: 'Lifeline health insurance renewal' })).toBeAttached({ timeout: 30_000 });
    await picker.selectOption({ label: 'Lifeline health insurance renewal' });
    await dialer.getByRole('button', { name: 'Next lead' }).click();
    const sandra = dialer.getByRole('article', { name: 'Lead Sandra Lee' });
    await sandra.getByRole('button', { name: 'Dial' }).click();
  });
  await test.step("the lead's line rings and the customer answers: the agent is Busy", async () => {
    // The lead's line rings; the customer answers.
    const ringing = call(customer.page, '1002');
    await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
    await ringing.getByRole('button', { name: 'Answer' }).click();
    await expect(atAgent.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await expect(presence).toHaveValue('Busy');
  });
  await test.step("hung up: the campaign's mandatory wrap-up is submitted", async () => {
    // Hung up: the insurance-renewal campaign's mandatory wrap-up, with its own codes.
    await atAgent.getByRole('button', { name: 'Hang up' }).click();
    await expect(presence).toHaveValue('Wrap-up');
    const wrapup = agent.page.getByRole('form', { name: 'Wrap-up' });
    await expect(wrapup.getByLabel('Wrap-up rule')).toContainText('Wrap-up required');
    await wrapup.getByRole('combobox', { name: 'Disposition' }).selectOption('RENEWED');
    await wrapup.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(presence).toHaveValue('Available');
  });
  await test.step("the call is filed under the lead's campaign and the lead is worked", async () => {
    // The call is filed under the lead's campaign, with its disposition; the lead is worked.
    const history = (await coreRequest(agent.page, 'calls.history', { limit: 5 })) as {
      ok: true;
      value: Array<{ remoteNumber: string; campaignId: string | null; disposition: string | null; answeredAt: string | null }>;
    };
    expect(history.value[0]).toMatchObject({ remoteNumber: LEAD_LINE.ext, campaignId: 'insurance-renewal', disposition: 'RENEWED' });
    expect(history.value[0]?.answeredAt).not.toBeNull();
    await dialer.getByRole('button', { name: 'Next lead' }).click();
    await expect(dialer.getByRole('article', { name: 'Lead Sandra Lee' })).toHaveCount(0);
  });
});
