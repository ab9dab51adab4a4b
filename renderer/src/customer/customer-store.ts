import { createStore } from 'zustand/vanilla';
import { isPresentedNumber } from '../phone/caller-identity';
import type { AgentApi, AgentErrorShape, CallRecord, Contact, ContactFieldsInput, ContactHistoryEntry, Note } from '../../../src/contract';

/** What the customer panel shows: a search, or one contact (popped by a call or picked by the agent). */
export interface CustomerState {
  readonly query: string;
  readonly results: readonly Contact[];
  /** The number of a ringing caller nobody matches: the panel offers a new contact for it. */
  readonly unknownCaller: string | null;
  readonly contact: Contact | null;
  /** Why this contact is showing: a call popped it, or the agent opened it. */
  readonly poppedBy: CallRecord | null;
  readonly calls: readonly CallRecord[];
  readonly notes: readonly Note[];
  /** Values of this contact that lost a concurrent edit on the server, newest first. */
  readonly history: readonly ContactHistoryEntry[];
  readonly error: AgentErrorShape | null;
}

const INITIAL: CustomerState = { query: '', results: [], unknownCaller: null, contact: null, poppedBy: null, calls: [], notes: [], history: [], error: null };

/**
 * The customer panel's state and the calls behind it. Everything comes from the local store through
 * window.agent, so the panel works the same with the network gone.
 */
export function createCustomerStore(agent: AgentApi) {
  const store = createStore<CustomerState>()(() => INITIAL);
  let searchSeq = 0;

  const loadContact = async (contact: Contact, poppedBy: CallRecord | null) => {
    store.setState({ contact, poppedBy, unknownCaller: null, error: null });
    const [calls, notes, history] = await Promise.all([
      agent.calls.history({ contactId: contact.id, limit: 10 }),
      agent.notes.list({ target: { contactId: contact.id } }),
      agent.contacts.history({ id: contact.id }),
    ]);
    if (store.getState().contact?.id !== contact.id) return;
    store.setState({
      calls: calls.ok ? calls.value : [],
      notes: notes.ok ? [...notes.value].reverse() : [],
      history: history.ok ? [...history.value].reverse() : [],
    });
  };

  const actions = {
    async search(query: string) {
      const seq = ++searchSeq;
      store.setState({ query });
      if (!query.trim()) {
        store.setState({ results: [] });
        return;
      }
      const r = await agent.contacts.search({ query, limit: 20 });
      // A slower answer to an older keystroke must not replace a newer one.
      if (seq !== searchSeq) return;
      if (r.ok) store.setState({ results: r.value, error: null });
      else store.setState({ error: r.error });
    },
    async open(id: string) {
      const r = await agent.contacts.get({ id });
      if (r.ok) await loadContact(r.value, null);
      else store.setState({ error: r.error });
    },
    /** Screen pop: the ringing caller's record, or an offer to create one. */
    async pop(call: CallRecord) {
      // A withheld or unavailable caller has no number to look up, nor to save as a contact.
      if (!isPresentedNumber(call.remoteNumber)) {
        store.setState({ ...INITIAL, poppedBy: call });
        return;
      }
      const r = await agent.contacts.lookupByNumber({ number: call.remoteNumber });
      if (!r.ok) {
        store.setState({ error: r.error });
        return;
      }
      const [first] = r.value.matches;
      if (first) await loadContact(first, call);
      else store.setState({ ...INITIAL, unknownCaller: r.value.number ?? call.remoteNumber, poppedBy: call });
    },
    async update(id: string, changes: Partial<ContactFieldsInput>) {
      const r = await agent.contacts.update({ id, changes });
      if (r.ok) store.setState({ contact: r.value, error: null });
      else store.setState({ error: r.error });
      return r.ok;
    },
    async create(fields: Partial<ContactFieldsInput>) {
      const r = await agent.contacts.create({ fields });
      if (r.ok) await loadContact(r.value, store.getState().poppedBy);
      else store.setState({ error: r.error });
      return r.ok;
    },
    close() {
      store.setState({ contact: null, poppedBy: null, unknownCaller: null, calls: [], notes: [], history: [] });
    },
  };

  agent.on('calls.updated', (call) => {
    const ringingInbound = call.direction === 'inbound' && call.answeredAt === null && call.endedAt === null;
    if (ringingInbound && store.getState().poppedBy?.id !== call.id) void actions.pop(call);
    else if (call.contactId && call.contactId === store.getState().contact?.id) void actions.open(call.contactId);
  });
  // A submitted wrap-up gives the call its disposition: the open contact's history shows it.
  agent.on('wrapup.closed', () => {
    const { contact, poppedBy } = store.getState();
    if (contact) void loadContact(contact, poppedBy);
  });
  // A pulled change may carry a losing value for the history as well as the new fields.
  agent.on('contacts.changed', (contact) => {
    if (store.getState().contact?.id === contact.id) void loadContact(contact, store.getState().poppedBy);
  });

  // After a restart (a crash, a power cut) the open call's caller is on screen again, as before.
  void agent.wrapup.current({}).then((r) => {
    const call = r.ok ? r.value?.call : null;
    const { contact, poppedBy, unknownCaller } = store.getState();
    if (!call || contact || poppedBy || unknownCaller) return;
    if (call.contactId) {
      const contactId = call.contactId;
      void agent.contacts.get({ id: contactId }).then((c) => {
        if (c.ok && !store.getState().contact) void loadContact(c.value, call.endedAt ? null : call);
      });
    } else if (call.direction === 'inbound' && !call.endedAt) void actions.pop(call);
  });

  return { store, actions };
}
