/**
 * The wrap-up form's disposition codes (renderer/src/wrap-up/wrapup-store.ts) follow the call's
 * campaign when it arrives after the call began. A first call taken while the first sync was
 * still pulling showed the default codes; by the time the agent submitted, the campaign had
 * landed and the core refused "resolved" as not one of the call's codes (the team-board e2e met
 * it about once in four runs). The core is a fake transport: "the campaign lands between the
 * call's start and its wrap-up" is an order a real one gives only by chance.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord, DispositionCode, OpenWork } from '../../src/contract';
import { createOpenWorkStore } from '../../renderer/src/wrap-up/open-work-store';
import { createWrapupStore } from '../../renderer/src/wrap-up/wrapup-store';
import { scriptedCore, stateWhen } from '../support/scripted-core';

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

/** A core with one open call whose codes are the default until `campaignLands()`. */
function fakeCore() {
  let codes = DEFAULT_CODES;
  const work: OpenWork = { call: CALL, wrapup: null, draft: null, script: null };
  const { agent, emit } = scriptedCore({
    'wrapup.current': () => ({ ok: true, value: work }),
    'wrapup.dispositionCodes': () => ({ ok: true, value: codes.map((c) => ({ ...c })) }),
  });
  return {
    agent,
    campaignLands: () => {
      codes = RENEWAL_CODES;
      emit('campaigns.changed', { active: null });
    },
  };
}

/** Resolves with the form's codes once they satisfy `ok`. */
const codesWhen = (store: ReturnType<typeof createWrapupStore>['store'], ok: (codes: readonly DispositionCode[]) => boolean) => stateWhen(store, (s) => s.codes, ok);

describe('the wrap-up form’s disposition codes', () => {
  it('change to the campaign’s when the campaign lands after the call began', async () => {
    const core = fakeCore();
    const { store } = createWrapupStore(core.agent, createOpenWorkStore(core.agent));
    expect((await codesWhen(store, (c) => c.length > 0)).map((c) => c.code)).toEqual(['resolved']);

    core.campaignLands();
    expect((await codesWhen(store, (c) => c[0]?.code !== 'resolved')).map((c) => c.code)).toEqual(['RENEWED']);
  });
});
