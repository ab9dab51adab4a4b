/**
 * The agent's shortcut map through the real dispatcher on a real encrypted store (issue 16 C):
 * kept across a restart, a conflicting map refused with its reason and nothing changed, and a
 * system-wide press from Electron's main reaching every window as 'keyboard.pressed'.
 */
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS, type ShortcutMap } from '../../src/contract';
import type { Core } from '../../src/core/core';
import { agentFor, unwrap } from '../support/store';
import { startDemoCore, tempDir } from '../support/test-core';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

it('keeps the agent’s map across a restart and refuses a conflicting one, changing nothing', async () => {
  const dataDir = tempDir();
  const first = await startDemoCore(dataDir);
  cores.push(first.core);
  const { agent } = agentFor(first.core);
  expect(unwrap(await agent.keyboard.shortcuts({}))).toEqual(DEFAULT_SHORTCUTS);

  const seen: unknown[] = [];
  agent.on('keyboard.shortcuts', (m) => seen.push(m));
  const mine: ShortcutMap = { ...DEFAULT_SHORTCUTS, keys: { ...DEFAULT_SHORTCUTS.keys, answer: { code: 'F2', ctrl: false, alt: false, shift: false, meta: false } } };
  expect(unwrap(await agent.keyboard.setShortcuts({ map: mine }))).toEqual(mine);
  expect(seen).toEqual([mine]);

  const conflicting = { ...mine, keys: { ...mine.keys, mute: mine.keys.hold } };
  const refused = await agent.keyboard.setShortcuts({ map: conflicting });
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(!refused.ok && refused.error.message).toContain('hold and mute use the same keys');
  expect(unwrap(await agent.keyboard.shortcuts({}))).toEqual(mine);

  first.core.close();
  cores.length = 0;
  const second = await startDemoCore(dataDir);
  cores.push(second.core);
  expect(unwrap(await agentFor(second.core).agent.keyboard.shortcuts({}))).toEqual(mine);
});

it('a system-wide press is told to every window as keyboard.pressed', async () => {
  const { core } = await startDemoCore();
  cores.push(core);
  const { agent } = agentFor(core);
  const pressed: unknown[] = [];
  agent.on('keyboard.pressed', (p) => pressed.push(p));
  unwrap(await agent.keyboard.press({ action: 'answer' }));
  expect(pressed).toEqual([{ action: 'answer' }]);
  // Only the three system-wide actions come this way.
  expect(await core.dispatch('keyboard.press', { action: 'submitWrapup' }, { transport: 'in-process' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});
