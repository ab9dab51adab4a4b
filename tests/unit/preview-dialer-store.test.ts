/**
 * The preview-dialing panel's store (renderer/src/preview-dialing/preview-store.ts): the reason a
 * dial was refused stays on screen when a pull lands just after it. On a busy machine the demo
 * desk's sync pages arrive late, each announcing 'campaigns.changed'; the refresh used to wipe
 * the refusal, and the end-to-end test waiting for it failed now and then. The core is a fake
 * transport here because that order (refusal, then a pull) is what a real one can't produce on demand.
 */
import { describe, expect, it } from 'vitest';
import { createAgentApi, type Campaign, type LeadPreview, type Result } from '../../src/contract';
import { createPreviewDialer, type PreviewState } from '../../renderer/src/preview-dialing/preview-store';

const CAMPAIGN: Campaign = {
  id: 'insurance-renewal',
  name: 'Lifeline health insurance renewal',
  scriptId: null,
  wrapup: { mode: 'mandatory' },
  dispositions: [{ code: 'RENEWED', label: 'Renewed', needsCallback: false }],
};
const REFUSAL = { code: 'PHONE_NOT_READY', message: 'The phone is not registered: go Available, then dial again. The lead stays in your queue.' } as const;

/** A core that answers the campaign calls and refuses every dial, with events the test sends. */
function fakeCore() {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  // Fresh values per answer, as over a real transport.
  const answers: Record<string, () => Result<unknown>> = {
    'campaigns.list': () => ({ ok: true, value: [{ ...CAMPAIGN }] }),
    'campaigns.active': () => ({ ok: true, value: { ...CAMPAIGN } }),
    'campaigns.dialLead': () => ({ ok: false, error: REFUSAL }),
  };
  const agent = createAgentApi({
    request: (method) => Promise.resolve(answers[method]?.() ?? { ok: false, error: { code: 'INTERNAL', message: `no fake for ${method}` } }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { agent, emit: (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload)) };
}

const lead = { lead: { id: '0b6f7a9e-3c1d-4c8e-9a51-5d2f1e7b8c40' } } as unknown as LeadPreview;

/** Resolves with the state after the next campaign refresh lands. */
const nextRefresh = (store: ReturnType<typeof createPreviewDialer>['store']) =>
  new Promise<PreviewState>((resolve) => {
    const off = store.subscribe((s, before) => {
      if (s.campaigns !== before.campaigns) {
        off();
        resolve(s);
      }
    });
  });

describe('preview dialing store', () => {
  it('keeps the reason a dial was refused when a pull refreshes the campaigns just after', async () => {
    const { agent, emit } = fakeCore();
    const { store, actions } = createPreviewDialer(agent);
    await nextRefresh(store);
    store.setState({ preview: lead });

    await actions.dial();
    expect(store.getState().error).toEqual(REFUSAL);

    const refreshed = nextRefresh(store);
    emit('campaigns.changed', { active: CAMPAIGN });
    expect((await refreshed).error).toEqual(REFUSAL);
  });
});
