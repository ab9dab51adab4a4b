/**
 * The pure parts of call scripts around the runtime: checking a pulled version and saying why
 * it is refused, filling the variables for a call, rebuilding the way back after a crash, and
 * the run saver's "saved only when durable" rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallScriptDocument, type Result, type ScriptPosition } from '../../src/contract';
import { checkScript, describeIssuePath, refusalSummary } from '../../src/core/scripts/script-validation';
import { scriptVariables } from '../../src/core/scripts/script-variables';
import { pathTo } from '../../renderer/src/script-and-notes/script-path';
import { ScriptRunSaver, type RunPosition, type RunSaveState } from '../../renderer/src/script-and-notes/script-run-saver';

const demoText = fs.readFileSync(path.resolve(__dirname, '../../resources/demo/scripts/broadband-retention.json'), 'utf8');
const demo = JSON.parse(demoText) as { id: string; version: number; pages: Array<{ id: string; next: string | null; fields: Array<Record<string, unknown>> }> };
const published = (doc: unknown, meta: { id?: string; version?: number } = {}) => ({
  id: meta.id ?? 'broadband-retention',
  version: meta.version ?? 3,
  body: typeof doc === 'string' ? doc : JSON.stringify(doc),
});
const refusal = (doc: unknown, meta?: { id?: string; version?: number }) => {
  const r = checkScript(published(doc, meta));
  return r.ok ? null : r.message;
};

describe('checking a pulled script version', () => {
  it('accepts the demo script as published', () => {
    const r = checkScript(published(demoText));
    expect(r.ok && r.doc.pages.map((p) => p.id)).toEqual(['greeting', 'satisfaction', 'offer', 'callLater', 'close']);
  });

  it('says what is wrong in the words of the script: pages and fields by their ids', () => {
    const d = structuredClone(demo);
    d.pages[2]!.next = 'closing';
    expect(refusal(d)).toBe('page "offer" continues to missing page "closing"');

    const e = structuredClone(demo);
    delete e.pages[1]!.fields[0]!.label;
    expect(refusal(e)).toMatch(/^page "satisfaction", field "satisfaction", "label": /);

    expect(refusal('{ "id": "broadband-retention", ')).toMatch(/^its text is not JSON \(/);
    expect(refusal(demo, { version: 4 })).toBe('the document says it is "broadband-retention" version 3, but it was published as "broadband-retention" version 4');
  });

  it('lists a few issues and counts the rest', () => {
    const d = structuredClone(demo);
    for (const p of d.pages) p.next = 'nowhere';
    const message = refusal(d) ?? '';
    expect(message.split('; ')).toHaveLength(5);
    expect(message).toMatch(/; and 1 more problem$/);
  });

  it('names positions where an id is missing', () => {
    expect(describeIssuePath(['pages', 0, 'fields', 2, 'kind'], { pages: [{ fields: [] }] })).toBe('page 1, field 3, "kind"');
    expect(describeIssuePath(['pages', 1, 'branches', 0, 'goto'], demo)).toBe('page "satisfaction", branch 1, "goto"');
  });

  it('tells the agent which version was refused and which one is still in use', () => {
    const p = { name: 'Home broadband — retention', scriptId: 'broadband-retention', version: 4, message: 'page "offer" continues to missing page "closing"' };
    expect(refusalSummary({ ...p, inUseVersion: 3 })).toBe(
      'Script "Home broadband — retention" (broadband-retention) version 4 was refused: page "offer" continues to missing page "closing". Still using version 3.',
    );
    expect(refusalSummary({ ...p, name: 'broadband-retention', inUseVersion: null })).toMatch(
      /^Script "broadband-retention" version 4 was refused: .*\. No earlier version of it is on this workstation/,
    );
  });
});

describe('script variables for a call', () => {
  it('come from the contact, the signed-in agent and the call', () => {
    expect(
      scriptVariables({
        call: { remoteNumber: '0300 1234567', remoteE164: '+923001234567' },
        contact: { firstName: 'Bilal', lastName: 'Ahmed', company: 'StarNet' },
        agentName: 'Ayesha Khan',
      }),
    ).toEqual({ contact: { firstName: 'Bilal', lastName: 'Ahmed', company: 'StarNet' }, agent: { name: 'Ayesha Khan' }, call: { number: '+923001234567' } });
  });

  it('are empty, never "undefined", for an unknown caller or before sign-in', () => {
    expect(scriptVariables({ call: { remoteNumber: 'sip:1002@pbx', remoteE164: null }, contact: null, agentName: null })).toEqual({
      contact: { firstName: '', lastName: '', company: '' },
      agent: { name: '' },
      call: { number: 'sip:1002@pbx' },
    });
  });
});

describe('the way back through a script', () => {
  const script = CallScriptDocument.parse(demo);
  it('retraces the branches the answers took', () => {
    expect(pathTo(script, { hasTime: 'yes', satisfaction: 'Unhappy' }, 'offer')).toEqual(['greeting', 'satisfaction', 'offer']);
    expect(pathTo(script, { hasTime: 'yes', satisfaction: 'Unhappy' }, 'close')).toEqual(['greeting', 'satisfaction', 'offer', 'close']);
    expect(pathTo(script, { hasTime: 'no' }, 'callLater')).toEqual(['greeting', 'callLater']);
    expect(pathTo(script, {}, 'greeting')).toEqual(['greeting']);
  });

  it('falls back to the start page when the answers no longer lead there', () => {
    expect(pathTo(script, { hasTime: 'yes' }, 'callLater')).toEqual(['greeting', 'callLater']);
    expect(pathTo(script, {}, 'gone')).toEqual(['greeting']);
  });
});

describe('saving a run as the agent goes', () => {
  const at = (stepId: string, answers: Record<string, string> = {}): RunPosition => ({ scriptId: 's', scriptVersion: 1, stepId, answers });

  function fakeCore() {
    const saves: RunPosition[] = [];
    const pending: Array<() => void> = [];
    let failNext = false;
    const save = (input: RunPosition & { callId: string }): Promise<Result<ScriptPosition>> =>
      new Promise((resolve) => {
        pending.push(() => {
          if (failNext) {
            failNext = false;
            resolve({ ok: false, error: { code: 'STORE_DISK_FULL', message: 'The disk is full.' } });
            return;
          }
          const { callId, ...position } = input;
          saves.push(position);
          resolve({ ok: true, value: { ...input, callId, savedAt: '2026-11-26T10:00:00.000Z' } });
        });
      });
    return {
      save,
      saves,
      /** Acknowledges the oldest save in flight, as a durable commit would. */
      ack: () => pending.shift()?.(),
      failNextSave: () => {
        failNext = true;
      },
      inFlight: () => pending.length,
    };
  }

  it('shows "saved" only once the newest position is acknowledged, and saves what changed meanwhile', async () => {
    const core = fakeCore();
    const saver = new ScriptRunSaver(core.save, 'call-1', null, 10_000);
    const states: RunSaveState['kind'][] = [];
    saver.onState((s) => states.push(s.kind));

    saver.update(at('greeting', { hasTime: 'yes' }));
    const flushed = saver.flush();
    await Promise.resolve();
    expect(saver.state.kind).toBe('saving');
    saver.update(at('satisfaction', { hasTime: 'yes' }));
    core.ack();
    await expect.poll(() => core.inFlight()).toBe(1);
    expect(saver.state.kind).toBe('saving');
    core.ack();
    expect(await flushed).toBe(true);
    expect(saver.state.kind).toBe('saved');
    expect(core.saves.map((s) => s.stepId)).toEqual(['greeting', 'satisfaction']);
    expect(states).toEqual(['unsaved', 'saving', 'unsaved', 'saving', 'saved']);
    saver.dispose();
  });

  it('reports a failed save and retries it on the next flush', async () => {
    const core = fakeCore();
    const saver = new ScriptRunSaver(core.save, 'call-1', { ...at('greeting'), savedAt: '2026-11-26T09:00:00.000Z' }, 10_000);
    expect(saver.state.kind).toBe('saved');
    saver.update(at('greeting'));
    expect(saver.state.kind).toBe('saved');

    core.failNextSave();
    saver.update(at('greeting', { hasTime: 'no' }));
    const first = saver.flush();
    core.ack();
    expect(await first).toBe(false);
    expect(saver.state).toMatchObject({ kind: 'failed', error: { code: 'STORE_DISK_FULL' } });

    const second = saver.flush();
    await expect.poll(() => core.inFlight()).toBe(1);
    core.ack();
    expect(await second).toBe(true);
    expect(core.saves).toEqual([at('greeting', { hasTime: 'no' })]);
    saver.dispose();
  });
});
