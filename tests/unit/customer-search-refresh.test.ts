/**
 * The customer panel's search (renderer/src/customer/customer-store.ts) is asked again when the
 * contact book changes under it. An agent who typed a name before the first sync brought that
 * contact read "No contact matches" until typing again (the e2e offline-sync test met it on a
 * busy machine). The core is a fake transport: "a sync lands after the search" is the order a
 * real one gives only by chance.
 */
import { describe, expect, it } from 'vitest';
import type { Contact, SyncStatus } from '../../src/contract';
import { createCustomerStore } from '../../renderer/src/customer/customer-store';
import { scriptedCore, stateWhen } from '../support/scripted-core';

const SARAH: Contact = {
  id: '0787c0de-2f96-4063-bc67-ba94637d6efa',
  firstName: 'Sarah',
  lastName: 'Mitchell',
  company: 'Harbor Realty',
  email: '',
  phones: [{ label: 'mobile', number: '+447800258176' }],
  timezone: 'Europe/London',
  doNotCall: false,
  updatedAt: '2026-12-02T00:00:00.000Z',
};

/** A core whose book holds `book` (changed by the test), searched by first name, with events the test sends. */
function fakeCore() {
  const book: Contact[] = [];
  const searches: string[] = [];
  const core = scriptedCore({
    'contacts.search': (input) => (searches.push((input as { query: string }).query), { ok: true, value: book.filter((c) => c.firstName.startsWith((input as { query: string }).query)).map((c) => ({ ...c })) }),
    'wrapup.current': () => ({ ok: true, value: null }),
  });
  return { ...core, book, searches };
}

const synced = (at: string): SyncStatus => ({ online: true, pending: 0, lastSyncAt: at, lastError: null });

/** Resolves with the results once they satisfy `ok`. */
const resultsWhen = (store: ReturnType<typeof createCustomerStore>['store'], ok: (r: readonly Contact[]) => boolean) => stateWhen(store, (s) => s.results, ok);

describe('customer search while the book syncs', () => {
  it('a search typed before the first sync shows the contact once the sync brings it', async () => {
    const { agent, book, emit } = fakeCore();
    const { store, actions } = createCustomerStore(agent);
    await actions.search('Sarah');
    expect(store.getState().results).toEqual([]);

    // The first sync's page of 240 contacts is not announced contact by contact; the sync's end is.
    book.push(SARAH);
    emit('sync.status', synced('2026-12-02T00:00:01.000Z'));
    expect((await resultsWhen(store, (r) => r.length > 0)).map((c) => c.lastName)).toEqual(['Mitchell']);
  });

  it('a contact announced by a pull, or removed, changes the results on screen', async () => {
    const { agent, book, searches, emit } = fakeCore();
    const { store, actions } = createCustomerStore(agent);
    await actions.search('Sar');
    book.push(SARAH);
    emit('contacts.changed', SARAH);
    await resultsWhen(store, (r) => r.length === 1);
    book.pop();
    emit('sync.status', synced('2026-12-02T00:00:02.000Z'));
    await resultsWhen(store, (r) => r.length === 0);
    // An empty search box asks nothing when the book changes.
    await actions.search('');
    const asked = searches.length;
    emit('sync.status', synced('2026-12-02T00:00:03.000Z'));
    emit('contacts.changed', SARAH);
    expect(searches.length).toBe(asked);
  });

  it('a burst of announced contacts asks the core once more, not once each', async () => {
    const { agent, book, searches, emit } = fakeCore();
    const { store, actions } = createCustomerStore(agent);
    await actions.search('Sar');
    const asked = searches.length;
    book.push(SARAH);
    for (let i = 0; i < 50; i++) emit('contacts.changed', SARAH);
    await resultsWhen(store, (r) => r.length === 1);
    // One search for the first announcement, one after it for all the others.
    await expect.poll(() => searches.length - asked).toBe(2);
  });
});
