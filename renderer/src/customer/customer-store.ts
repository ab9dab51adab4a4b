import { createStore } from 'zustand/vanilla';
import { isPresentedNumber } from '../phone/caller-identity';
import { followCall, NO_CALLS } from './followed-call';
import type { AgentApi, AgentErrorShape, CallRecord, Contact, ContactFieldsInput, ContactHistoryEntry, Note } from '../../../src/contract';

/** What the customer panel shows: a search, or one contact (popped by a call or picked by the agent). */
export interface CustomerState {
  readonly query: string;
  readonly results: readonly Contact[];
  /** The number of the live call's other party when no contact has it: the panel says so and offers a new contact. */
  readonly unknownCaller: string | null;
  readonly contact: Contact | null;
  /** Why this contact is showing: the call it follows (kept current, so its end shows), or null when the agent opened it. */
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
  let popSeq = 0;
  let followed = NO_CALLS;

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
      popSeq++;
      const r = await agent.contacts.get({ id });
      if (r.ok) await loadContact(r.value, null);
      else store.setState({ error: r.error });
    },
    /**
     * Screen pop: the record of the live call's other party, whatever the call's direction, or a
     * plain "unknown number" with an offer to create one. A contact the core matched when it
     * logged the call wins (so the panel and the script agree); else the number is looked up.
     */
    async pop(call: CallRecord) {
      const seq = ++popSeq;
      const stale = () => seq !== popSeq;
      store.setState({ ...INITIAL, poppedBy: call });
      if (call.contactId) {
        const r = await agent.contacts.get({ id: call.contactId });
        if (stale()) return;
        if (r.ok) return loadContact(r.value, call);
      }
      // A withheld or unavailable caller has no number to look up, nor to save as a contact.
      if (!isPresentedNumber(call.remoteNumber)) return;
      const r = await agent.contacts.lookupByNumber({ number: call.remoteNumber });
      if (stale()) return;
      if (!r.ok) {
        store.setState({ error: r.error });
        return;
      }
      const [first] = r.value.matches;
      if (first) await loadContact(first, call);
      else store.setState({ unknownCaller: r.value.number ?? call.remoteNumber });
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

  // The panel follows the live call in every direction: a new call pops its party's record, the
  // followed call's own updates keep `poppedBy` current (its end removes the Calling badge).
  agent.on('calls.updated', (call) => {
    const next = followCall(followed, call);
    followed = next.state;
    if (next.show) return void actions.pop(next.show);
    if (store.getState().poppedBy?.id === call.id) store.setState({ poppedBy: call });
    // The open contact's recent calls show this call's progress.
    const { contact, poppedBy } = store.getState();
    if (contact && call.contactId === contact.id) void loadContact(contact, poppedBy);
  });
  // A submitted wrap-up gives the call its disposition: the open contact's history shows it.
  agent.on('wrapup.closed', () => {
    const { contact, poppedBy } = store.getState();
    if (contact) void loadContact(contact, poppedBy);
  });
  // A search on screen is asked again when the book changes under it: an agent who typed a name
  // before the first sync brought that contact read "No contact matches" until typing again. A
  // sync's pages are announced one contact at a time only when small (core.ts onApplied), so a
  // finished sync (a new lastSyncAt, after any search index build) asks again too. A local search
  // takes about a millisecond; a burst of announcements (up to 50 from one small pull) asks once
  // while a search is out and once more after it, not once each.
  let searching = false;
  let again = false;
  const searchAgain = () => {
    const { query } = store.getState();
    if (!query.trim()) return;
    if (searching) {
      again = true;
      return;
    }
    searching = true;
    void actions.search(query).finally(() => {
      searching = false;
      if (again) {
        again = false;
        searchAgain();
      }
    });
  };
  let lastSyncAt: string | null = null;
  agent.on('sync.status', (status) => {
    if (status.lastSyncAt === lastSyncAt) return;
    lastSyncAt = status.lastSyncAt;
    searchAgain();
  });
  // A pulled change may carry a losing value for the history as well as the new fields.
  agent.on('contacts.changed', (contact) => {
    if (store.getState().contact?.id === contact.id) void loadContact(contact, store.getState().poppedBy);
    searchAgain();
  });

  // After a restart (a crash, a power cut) the open call's caller is on screen again, as before,
  // also when the call itself died with the workstation and is now in wrap-up.
  void agent.wrapup.current({}).then((r) => {
    const call = r.ok ? r.value?.call : null;
    const { contact, poppedBy, unknownCaller } = store.getState();
    if (!call || contact || poppedBy || unknownCaller) return;
    void actions.pop(call);
  });

  return { store, actions };
}
