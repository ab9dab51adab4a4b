/**
 * The notes editor's autosave (renderer/src/script-and-notes/notes-autosave.ts) against a real core
 * on a real store: a save per pause in typing, "saved" only once durable, the newest text
 * always wins, and a reopened editor continues from what was saved.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentApi } from '../../src/contract';
import type { Core } from '../../src/core/core';
import type { Db } from '../../src/core/store/database';
import { NoteAutosaver, type SaveState } from '../../renderer/src/script-and-notes/notes-autosave';
import { startDemoCore } from '../support/test-core';
import { agentFor, inspectDemoStore, unwrap } from '../support/store';

let core: Core;
let agent: AgentApi;
let disk: Db;
let callId: string;

beforeEach(async () => {
  const started = await startDemoCore();
  core = started.core;
  agent = agentFor(core).agent;
  disk = await inspectDemoStore(started.dataDir);
  callId = unwrap(
    await agent.calls.logEvent({ callId: randomUUID(), direction: 'inbound', localNumber: '1001', remoteNumber: '03001234567', event: 'answered', at: new Date().toISOString() }),
  ).id;
});
afterEach(() => {
  disk.close();
  core.close();
});

const onDisk = () => disk.prepare<[string], { body: string; revision: number }>('SELECT body, revision FROM note_drafts WHERE call_id = ?').get(callId) ?? null;
const next = (saver: NoteAutosaver, kind: SaveState['kind']) =>
  new Promise<SaveState>((resolve) => {
    const off = saver.onState((s) => {
      if (s.kind === kind) {
        off();
        resolve(s);
      }
    });
  });

describe('notes autosave', () => {
  it('saves once per pause in typing, and says "saved" only when the text is on disk', async () => {
    const saver = new NoteAutosaver(agent, { callId }, null);
    const saved = next(saver, 'saved');
    for (const text of ['C', 'Cu', 'Cus', 'Customer', 'Customer wants a refund']) saver.edit(text);
    expect(saver.saveState.kind).toBe('unsaved');
    expect(onDisk()).toBeNull();
    await saved;
    expect(onDisk()).toEqual({ body: 'Customer wants a refund', revision: 1 });

    const again = next(saver, 'saved');
    saver.edit('Customer wants a refund for 4411');
    await again;
    expect(onDisk()).toEqual({ body: 'Customer wants a refund for 4411', revision: 2 });
    saver.dispose();
  });

  it('keeps typing that happens while a save is in flight, and saves it next', async () => {
    const saver = new NoteAutosaver(agent, { callId }, null);
    saver.edit('first');
    const flushing = saver.flush();
    saver.edit('first and second');
    expect(saver.saveState.kind).toBe('unsaved');
    // A flush ends with the newest text durable, not just the text it started with.
    await flushing;
    expect(saver.saveState.kind).toBe('saved');
    expect(onDisk()).toEqual({ body: 'first and second', revision: 2 });
  });

  it('finalizes into a note, ends the draft, and starts empty', async () => {
    const saver = new NoteAutosaver(agent, { callId }, null);
    saver.edit('Refund approved');
    const r = await saver.finalize();
    expect(r.ok && r.note.body).toBe('Refund approved');
    expect(onDisk()).toBeNull();
    expect(saver.body).toBe('');
    expect(unwrap(await agent.notes.list({ target: { callId } })).map((n) => n.body)).toEqual(['Refund approved']);
  });

  it('continues from the saved draft after a restart, with newer revisions', async () => {
    const first = new NoteAutosaver(agent, { callId }, null);
    first.edit('before the power cut');
    await first.flush();
    first.dispose();

    const restored = unwrap(await agent.wrapup.current({}))?.draft ?? null;
    expect(restored).toMatchObject({ body: 'before the power cut' });
    const second = new NoteAutosaver(agent, { callId }, restored);
    expect(second.body).toBe('before the power cut');
    second.edit('before the power cut, and after');
    await second.flush();
    expect(onDisk()).toEqual({ body: 'before the power cut, and after', revision: 2 });
  });

  it('shows a failed save with its typed error', async () => {
    const saver = new NoteAutosaver(agent, { callId: randomUUID() }, null);
    saver.edit('lost call');
    await saver.flush();
    expect(saver.saveState).toMatchObject({ kind: 'failed', error: { code: 'NOT_FOUND' } });
    const bad = await saver.finalize();
    expect(bad.ok).toBe(false);
  });
});
