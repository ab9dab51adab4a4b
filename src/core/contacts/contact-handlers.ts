import type { Contact, contacts, Handlers } from '../../contract';
import type { CallRepository } from '../calls/call-repository';
import type { EventBus } from '../event-bus';
import type { ContactHistory } from './contact-history';
import { EMPTY_CONTACT, normalizeFields, type ContactRepository } from './contact-repository';
import { toE164, type NormalizeNumber } from './phone-number';

export function contactHandlers(
  repo: ContactRepository,
  calls: CallRepository,
  history: ContactHistory,
  bus: EventBus,
  normalize: NormalizeNumber = toE164,
): Handlers<typeof contacts> {
  /** After a save: calls from these numbers that matched nobody now belong to this contact. */
  const saved = (contact: Contact): Contact => {
    const linked = calls.linkUnmatchedCalls(
      contact.id,
      contact.phones.map((p) => p.number),
    );
    bus.emit('contacts.changed', contact);
    for (const call of linked) bus.emit('calls.updated', call);
    return contact;
  };
  return {
    lookupByNumber: ({ number }) => {
      const e164 = normalize(number);
      return { number: e164, matches: e164 ? repo.lookupByE164(e164) : [] };
    },
    search: ({ query, limit }) => repo.search(query, limit),
    get: ({ id }) => repo.require(id),
    create: ({ fields }) => saved(repo.create({ ...EMPTY_CONTACT, ...normalizeFields(fields, normalize) })),
    update: ({ id, changes: edit }) => {
      const { contact, changed } = repo.update(id, normalizeFields(edit, normalize));
      return changed ? saved(contact) : contact;
    },
    // History pulled earlier stays readable offline and after sign-out.
    history: ({ id }) => history.list(id),
  };
}
