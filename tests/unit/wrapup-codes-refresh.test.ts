/**
 * The wrap-up form's disposition codes (renderer/src/wrap-up/wrapup-store.ts) follow the call's
 * campaign when it arrives after the call began. A first call taken while the first sync was
 * still pulling showed the default codes; by the time the agent submitted, the campaign had
 * landed and the core refused "resolved" as not one of the call's codes (the team-board e2e met
 * it about once in four runs). The core is a fake transport: "the campaign lands between the
 * call's start and its wrap-up" is an order a real one gives only by chance.
 */
import { describe, expect, it } from 'vitest';
import { createAgentApi, type CallRecord, type DispositionCode, type OpenWork, type Result } from '../../src/contract';
import { createOpenWorkStore } from '../../renderer/src/wrap-up/open-work-store';
import { createWrapupStore } from '../../renderer/src/wrap-up/wrapup-store';

const DEFAULT_CODES: DispositionCode[] = [{ code: 'resolved', label: 'Resolved', needsCallback: false }];
const RENEWAL_CODES: DispositionCode[] = [{ code: 'RENEWED', label: 'Renewed', needsCallback: false }];

const CALL: CallRecord = {
  id: '5b0c3f0e-8d2a-4c1b-9e7f-2a1d4c6b8e90',
  direction: 'inbound',
  localNumber: '7001',
  remoteNumber: '+13125554567',
  remoteE164: '+13125554567',
  contactId: null,
  contactName: null,
  startedAt: '2026-12-02T04:00:00.000Z',
  answeredAt: '2026-12-02T04:00:05.000Z',
  endedAt: '2026-12-02T04:03:00.000Z',
  endCause: 'remote',
  outcome: 'answered',
  campaignId: null,
  disposition: null,
  holdSeconds: 0,
};

/** A core with one open call whose codes are the default until `campaignLands()`, with events the test sends. */
function fakeCore() {
  let codes = DEFAULT_CODES;
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const work: OpenWork = { call: CALL, wrapup: null, draft: null, script: null };
  const answers: Record<string, () => Result<unknown>> = {
    'wrapup.current': () => ({ ok: true, value: work }),
    'wrapup.dispositionCodes': () => ({ ok: true, value: codes.map((c) => ({ ...c })) }),
  };
  const agent = createAgentApi({
    request: (method) => Promise.resolve(answers[method]?.() ?? { ok: false, error: { code: 'INTERNAL', message: `no fake for ${method}` } }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  const emit = (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload));
  return {
    agent,
    campaignLands: () => {
      codes = RENEWAL_CODES;
      emit('campaigns.changed', { active: null });
    },
  };
}

/** Resolves with the form's codes once they satisfy `ok`. */
const codesWhen = (store: ReturnType<typeof createWrapupStore>['store'], ok: (codes: readonly DispositionCode[]) => boolean) =>
  new Promise<readonly DispositionCode[]>((resolve) => {
    if (ok(store.getState().codes)) return resolve(store.getState().codes);
    const off = store.subscribe((s) => {
      if (!ok(s.codes)) return;
      off();
      resolve(s.codes);
    });
  });

describe('the wrap-up form’s disposition codes', () => {
  it('change to the campaign’s when the campaign lands after the call began', async () => {
    const core = fakeCore();
    const { store } = createWrapupStore(core.agent, createOpenWorkStore(core.agent));
    expect((await codesWhen(store, (c) => c.length > 0)).map((c) => c.code)).toEqual(['resolved']);

    core.campaignLands();
    expect((await codesWhen(store, (c) => c[0]?.code !== 'resolved')).map((c) => c.code)).toEqual(['RENEWED']);
  });
});
