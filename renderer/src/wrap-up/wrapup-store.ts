import { createStore } from 'zustand/vanilla';
import type { AgentApi, AgentErrorShape, CallbackRequest, DispositionCode, OpenWork, WrapupPolicy } from '../../../src/contract';
import type { OpenWorkStore } from './open-work-store';

/** What the wrap-up form of the open call shows besides the agent's own choices. */
export interface WrapupState {
  /** The call these belong to; everything below is for it. */
  readonly callId: string | null;
  /** The campaign's disposition codes. */
  readonly codes: readonly DispositionCode[];
  /** The campaign's wrap-up rule and, for a timed wrap-up, when it ends. */
  readonly policy: WrapupPolicy | null;
  /** The customer's IANA time zone, '' while unknown, to show a callback in their clock too. */
  readonly customerZone: string;
  /** Why a submit or skip was refused, until the next try. */
  readonly error: AgentErrorShape | null;
}

const EMPTY = { codes: [], policy: null, customerZone: '', error: null } as const;

/**
 * The wrap-up (after-call work, ACW) of the open call: follows the open work, loading the
 * campaign's codes when the call changes, its rule again when the call ends (a timed wrap-up's
 * clock starts then), both again when the campaigns change, and the customer's zone when the
 * call gets a contact. Submitting or
 * skipping reloads the open work, which closes the form.
 */
export function createWrapupStore(agent: AgentApi, openWork: OpenWorkStore) {
  const store = createStore<WrapupState>()(() => ({ callId: null, ...EMPTY }));
  /** Applies an answer only while its call is still the open one. */
  const forCall = (callId: string, update: Partial<WrapupState>) => {
    if (store.getState().callId === callId) store.setState(update);
  };

  const loadCodes = (callId: string) => void agent.wrapup.dispositionCodes({ callId }).then((r) => r.ok && forCall(callId, { codes: r.value }));
  const loadPolicy = (callId: string) => void agent.wrapup.policy({ callId }).then((r) => r.ok && forCall(callId, { policy: r.value }));

  const follow = (work: OpenWork | null, before: OpenWork | null) => {
    const call = work?.call ?? null;
    const previous = before?.call ?? null;
    if (!call) {
      if (previous) store.setState({ callId: null, ...EMPTY });
      return;
    }
    const callId = call.id;
    const newCall = callId !== previous?.id;
    if (newCall) {
      store.setState({ callId, ...EMPTY });
      loadCodes(callId);
    }
    if (newCall || call.endedAt !== previous?.endedAt) loadPolicy(callId);
    const contactId = call.contactId;
    if (contactId && (newCall || contactId !== previous?.contactId)) {
      void agent.contacts.get({ id: contactId }).then((r) => r.ok && forCall(callId, { customerZone: r.value.timezone }));
    }
  };
  follow(openWork.store.getState().work, null);
  openWork.store.subscribe((s, before) => follow(s.work, before.work));
  // The call's codes and rule are its campaign's, and a campaign can arrive or change after the
  // call began (a first sync still pulling when the first call comes): the form asks again, so
  // it never offers codes the core no longer takes ("… is not one of this call's disposition codes").
  agent.on('campaigns.changed', () => {
    const callId = store.getState().callId;
    if (!callId) return;
    loadCodes(callId);
    loadPolicy(callId);
  });

  const closed = async (r: { ok: true } | { ok: false; error: AgentErrorShape }) => {
    if (r.ok) await openWork.actions.refresh();
    else store.setState({ error: r.error });
  };
  const actions = {
    async submit(callId: string, disposition: string, callback: CallbackRequest | null) {
      await closed(await agent.wrapup.complete({ callId, disposition, ...(callback ? { callback } : {}) }));
    },
    async skip(callId: string) {
      await closed(await agent.wrapup.skip({ callId }));
    },
  };
  return { store, actions };
}
