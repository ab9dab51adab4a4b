import { z } from 'zod';
import { method } from './define';
import { SEARCH_QUERY_MAX_LENGTH } from '../shared/text-limits';
import { ContactFields, ContactHistoryEntry, PhoneEntry } from '../shared/contact-fields';
import { E164, Id, IsoTime } from '../shared/primitives';

export const Contact = ContactFields.extend({
  id: Id,
  updatedAt: IsoTime,
});
export type Contact = z.infer<typeof Contact>;

/** A phone as the agent types it (0300 1234567, +44 20 …); the core stores it as E.164. */
export const PhoneInput = z
  .object({
    label: PhoneEntry.shape.label,
    number: z.string().trim().min(3).max(40),
  })
  .strict();
export type PhoneInput = z.infer<typeof PhoneInput>;

export const ContactFieldsInput = ContactFields.extend({ phones: z.array(PhoneInput).max(20) }).strict();
export type ContactFieldsInput = z.infer<typeof ContactFieldsInput>;

const someField = (v: object) => Object.keys(v).length > 0;

export const contacts = {
  /** Screen pop: who is calling. A number that is no phone number (an extension) finds nobody. */
  lookupByNumber: method(
    z.object({ number: z.string().trim().min(1).max(64) }).strict(),
    z.object({ number: E164.nullable(), matches: z.array(Contact) }),
  ),
  search: method(
    z
      .object({
        query: z.string().trim().min(1).max(SEARCH_QUERY_MAX_LENGTH),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
    z.array(Contact),
  ),
  get: method(z.object({ id: Id }).strict(), Contact),
  create: method(
    z
      .object({
        fields: ContactFieldsInput.partial().refine(
          (f) => Boolean(f.firstName || f.lastName || f.company || f.phones?.length),
          'a contact needs a name, a company or a phone',
        ),
      })
      .strict(),
    Contact,
  ),
  /** Only the fields given change; each is queued with the server version it was edited from. */
  update: method(
    z
      .object({
        id: Id,
        changes: ContactFieldsInput.partial().refine(someField, 'change at least one field'),
      })
      .strict(),
    Contact,
  ),
  /** Values of this contact's fields that lost a concurrent edit, oldest first; read from the local store, so it works offline. */
  history: method(z.object({ id: Id }).strict(), z.array(ContactHistoryEntry)),
} as const;

export const contactsEvents = {
  'contacts.changed': Contact,
} as const;
