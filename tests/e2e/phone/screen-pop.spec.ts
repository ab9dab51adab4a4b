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
