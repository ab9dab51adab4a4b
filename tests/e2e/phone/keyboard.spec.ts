import { expect, type Page } from '@playwright/test';
import { call, goAvailable, registration, test } from './agents';

/**
 * Issue 16 C: an agent handles a whole call from the keyboard — a real call through Kamailio
 * from a second workstation acting as the customer. The agent's page is never clicked: only key
 * presses, with the default shortcuts (DEFAULT_SHORTCUTS) and the focus the desk moves itself.
 */
const presence = (page: Page) => page.getByRole('combobox', { name: 'Presence' });

/** Controls without a name show in the accessibility tree as their bare role (`- button`, `- combobox:`). */
async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree.split('\n').filter((line) => /^\s*- (button|textbox|combobox|checkbox|radio|spinbutton|slider|link)(\s*\[|:|$)/.test(line));
}

test('an agent answers, mutes, holds, resumes, takes notes, hangs up, wraps up and goes Available with the keyboard only', async ({ startAgent }) => {
  const [customer, agent] = await Promise.all([startAgent('1001'), startAgent('1002')]);
  const page = agent.page;
  const keys = page.keyboard;
  await goAvailable(customer.page);

  await test.step('Available from the keyboard (Alt+R)', async () => {
    await keys.press('Alt+KeyR');
    await expect(presence(page)).toHaveValue('Available');
    await expect(registration(page)).toHaveText('Phone: registered');
  });

  const atAgent = call(page, '1001');
  const state = atAgent.getByRole('status', { name: 'Call state' });
  await test.step('the call rings: the focus is on Answer, which names its keys', async () => {
    await customer.page.getByRole('textbox', { name: 'Number to dial' }).fill('1002');
    await customer.page.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(state).toHaveText('Incoming call');
    const answer = atAgent.getByRole('button', { name: 'Answer' });
    await expect(answer).toBeFocused();
    await expect(answer).toHaveAttribute('aria-keyshortcuts', 'Alt+A');
    await expect(answer).toHaveAttribute('title', 'Answer (Alt+A)');
  });

  const notes = page.getByRole('textbox', { name: 'Call notes' });
  await test.step('Alt+A answers; the focus moves to the notes', async () => {
    await keys.press('Alt+KeyA');
    await expect(state).toHaveText('Connected');
    await expect(call(customer.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await expect(notes).toBeFocused();
    expect(await unnamedControls(page)).toEqual([]);
  });

  await test.step('Alt+M mutes and unmutes, also from inside the notes', async () => {
    await keys.press('Alt+KeyM');
    await expect(atAgent.getByLabel('Microphone muted')).toBeVisible();
    await keys.press('Alt+KeyM');
    await expect(atAgent.getByLabel('Microphone muted')).toHaveCount(0);
    await expect(notes).toBeFocused();
  });

  await test.step('Alt+H holds, and again resumes: the customer hears the hold', async () => {
    await keys.press('Alt+KeyH');
    await expect(state).toHaveText('On hold');
    await expect(call(customer.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Held by the other party');
    await keys.press('Alt+KeyH');
    await expect(state).toHaveText('Connected');
    await expect(call(customer.page, '1002').getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  });

  await test.step('notes typed with a ? stay text: a shortcut without Alt never fires in a text box', async () => {
    await keys.type('Asked about the March bill? Explained the late fee.');
    await expect(notes).toHaveValue('Asked about the March bill? Explained the late fee.');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
    await expect(page.getByRole('status', { name: 'Notes save status' })).toHaveText(/^Saved /);
  });

  await test.step('Alt+B asks for Not Ready after the call; Alt+E hangs up; the focus goes to the disposition', async () => {
    await keys.press('Alt+KeyB');
    await expect(page.getByRole('status', { name: 'Presence after wrap-up' })).toHaveText('then Break after the wrap-up');
    await keys.press('Alt+KeyE');
    await expect(page.getByRole('status', { name: 'Last call' })).toHaveText('Call with Agent 1001 ended: Hung up');
    await expect(page.getByRole('form', { name: 'Wrap-up' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Disposition' })).toBeFocused();
    expect(await unnamedControls(page)).toEqual([]);
  });

  await test.step('a disposition picked with the arrow key, Alt+S submits; the agent is on Break as asked', async () => {
    await keys.press('Alt+KeyS');
    // Nothing chosen yet: Submit is not available, and Alt+S leaves the agent on the disposition.
    await expect(page.getByRole('form', { name: 'Wrap-up' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Disposition' })).toBeFocused();
    await keys.press('ArrowDown');
    await expect(page.getByRole('combobox', { name: 'Disposition' })).toHaveValue('resolved');
    await keys.press('Alt+KeyS');
    await expect(page.getByRole('form', { name: 'Wrap-up' })).toHaveCount(0);
    await expect(presence(page)).toHaveValue('Break');
  });

  await test.step('Alt+R: Available again, ready for the next call', async () => {
    await keys.press('Alt+KeyR');
    await expect(presence(page)).toHaveValue('Available');
    await expect(page.getByRole('listitem', { name: 'Inbound call 1001' })).toBeVisible();
    await expect(page.getByRole('status', { name: "Today's figures" })).toContainText('Today: 1 call · 1 answered');
  });
});
