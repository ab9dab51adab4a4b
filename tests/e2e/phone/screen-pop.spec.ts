import { expect } from '@playwright/test';
import { call, dial, goAvailable, test } from './agents';

/** The customer's line: a SIP account named by its number in national form (tests/sip/kamailio.cfg). */
const CUSTOMER = { ext: '03224942043', password: 'customer1' };

test('an incoming call pops the caller\'s record before the agent answers; Busy, script, Wrap-up, and the call in their history', async ({ startAgent }) => {
  const [agent, customer] = await Promise.all([startAgent('1002', { demoData: true }), startAgent(CUSTOMER.ext, { password: CUSTOMER.password })]);
  // The demo contacts reach the agent's local store by the first pull.
  await expect(agent.page.getByRole('status', { name: 'Sync status' })).not.toContainText('last sync never', { timeout: 30_000 });
  await Promise.all([goAvailable(agent.page), goAvailable(customer.page)]);

  await dial(customer.page, '1002');

  const ringing = call(agent.page, CUSTOMER.ext);
  await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
  const card = agent.page.getByRole('article', { name: 'Contact Nida Hussain' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Karachi Traders');
  await expect(card).toContainText('+923224942043');
  await expect(card.getByText('Calling')).toBeVisible();
  await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');

  // Answered: the agent is Busy, and the campaign's script greets the caller by name.
  const presence = agent.page.getByRole('combobox', { name: 'Presence' });
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await expect(presence).toHaveValue('Busy');
  await expect(agent.page.getByText('Assalam-o-Alaikum Nida')).toBeVisible();

  // Hung up: Wrap-up with the campaign's codes until it is submitted, then Available again.
  await ringing.getByRole('button', { name: 'Hang up' }).click();
  await expect(presence).toHaveValue('Wrap-up');
  const wrapup = agent.page.getByRole('form', { name: 'Wrap-up' });
  await wrapup.getByRole('combobox', { name: 'Disposition' }).selectOption('SATISFIED');
  await wrapup.getByRole('button', { name: 'Submit wrap-up' }).click();
  await expect(presence).toHaveValue('Available');
  await expect(agent.page.getByRole('status', { name: "Today's figures" })).toContainText('Today: 1 call · 1 answered');

  const history = card.getByRole('list', { name: 'Recent calls' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history).toContainText('answered');
  await expect(history).toContainText('SATISFIED');
});

/** The second customer's line: Sandra Lee, a contact and the insurance campaign's first lead. */
const SANDRA = { ext: '+13123045605', password: 'customer2' };

test('the Customer panel follows the live call in every direction, and says plainly when the number is unknown', async ({ startAgent }) => {
  const [agent, nida, sandra] = await Promise.all([
    startAgent('1002', { demoData: true }),
    startAgent(CUSTOMER.ext, { password: CUSTOMER.password }),
    startAgent(SANDRA.ext, { password: SANDRA.password }),
  ]);
  await expect(agent.page.getByRole('status', { name: 'Sync status' })).not.toContainText('last sync never', { timeout: 30_000 });
  await Promise.all([goAvailable(agent.page), goAvailable(nida.page), goAvailable(sandra.page)]);
  const presence = agent.page.getByRole('combobox', { name: 'Presence' });
  const panel = agent.page.getByRole('region', { name: 'Customer' });
  const nidaCard = panel.getByRole('article', { name: 'Contact Nida Hussain' });
  const sandraCard = panel.getByRole('article', { name: 'Contact Sandra Lee' });
  const wrapUp = async (callback?: { date: string; time: string }) => {
    await expect(presence).toHaveValue('Wrap-up');
    const form = agent.page.getByRole('form', { name: 'Wrap-up' });
    await form.getByRole('combobox', { name: 'Disposition' }).selectOption({ index: 1 });
    if (callback) {
      await form.getByRole('checkbox', { name: /Schedule a callback/ }).check();
      await form.getByLabel('Callback date').fill(callback.date);
      await form.getByLabel('Callback time').fill(callback.time);
    }
    await form.getByRole('button', { name: 'Submit wrap-up' }).click();
    await expect(presence).toHaveValue('Available');
  };
  /** The far end answers, the agent hangs up. */
  const talk = async (far: typeof nida, farSees: string) => {
    const ringing = call(far.page, farSees);
    await ringing.getByRole('button', { name: 'Answer' }).click();
    await expect(ringing.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await agent.page.getByRole('region', { name: /^Call with / }).getByRole('button', { name: 'Hang up' }).click();
  };

  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const date = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;

  await test.step('inbound: Nida calls, her record pops before the agent answers', async () => {
    await dial(nida.page, '1002');
    await expect(nidaCard).toBeVisible();
    await call(agent.page, CUSTOMER.ext).getByRole('button', { name: 'Answer' }).click();
    await expect(call(agent.page, CUSTOMER.ext).getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await call(agent.page, CUSTOMER.ext).getByRole('button', { name: 'Hang up' }).click();
    await wrapUp();
  });

  await test.step("preview: the Sandra Lee lead is dialed, her record replaces Nida's while it rings; a callback is booked", async () => {
    const dialer = agent.page.getByRole('region', { name: 'Softphone' }).getByLabel('Preview dialing');
    const picker = dialer.getByRole('combobox', { name: 'Campaign' });
    await expect(picker.getByRole('option', { name: 'Lifeline health insurance renewal' })).toBeAttached({ timeout: 30_000 });
    await picker.selectOption({ label: 'Lifeline health insurance renewal' });
    await dialer.getByRole('button', { name: 'Next lead' }).click();
    await dialer.getByRole('article', { name: 'Lead Sandra Lee' }).getByRole('button', { name: 'Dial' }).click();
    await expect(call(sandra.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
    await expect(sandraCard).toBeVisible();
    await expect(sandraCard.getByText('Calling')).toBeVisible();
    await expect(nidaCard).toHaveCount(0);
    await talk(sandra, '1002');
    await wrapUp({ date, time: '10:00' });
  });

  await test.step("dial pad: Nida's number dialed by hand brings her record back", async () => {
    await dial(agent.page, CUSTOMER.ext);
    await expect(call(nida.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
    await expect(nidaCard.getByText('Calling')).toBeVisible();
    await expect(sandraCard).toHaveCount(0);
    await talk(nida, '1002');
    await wrapUp();
  });

  await test.step("callback: calling Sandra back from the callback list shows her record, not Nida's", async () => {
    await agent.page.getByRole('button', { name: /^Call Sandra Lee at / }).click();
    await expect(call(sandra.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
    await expect(sandraCard.getByText('Calling')).toBeVisible();
    await expect(nidaCard).toHaveCount(0);
    await talk(sandra, '1002');
    await wrapUp();
  });

  await test.step('click-to-dial: with Nida opened by hand, redialing Sandra from the history shows Sandra', async () => {
    await panel.getByRole('button', { name: 'Close contact' }).click();
    await panel.getByRole('searchbox', { name: 'Search contacts' }).fill('Nida');
    await panel.getByRole('button', { name: 'Nida Hussain' }).click();
    await expect(nidaCard).toBeVisible();
    await agent.page.getByRole('button', { name: `Redial ${SANDRA.ext}` }).first().click();
    await expect(call(sandra.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Incoming call');
    await expect(sandraCard.getByText('Calling')).toBeVisible();
    await expect(nidaCard).toHaveCount(0);
    await talk(sandra, '1002');
    await wrapUp();
  });

  await test.step('a number no contact has: the panel says so instead of showing the last customer', async () => {
    await dial(agent.page, '1003');
    await expect(panel.getByRole('status', { name: 'Caller' })).toHaveText('Unknown number 1003: no contact has this number.');
    await expect(sandraCard).toHaveCount(0);
    await expect(panel.getByRole('form', { name: 'New contact' })).toBeVisible();
  });
});
