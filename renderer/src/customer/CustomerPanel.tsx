import { useState } from 'react';
import {
  CONTACT_COMPANY_MAX_LENGTH,
  CONTACT_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  SEARCH_QUERY_MAX_LENGTH,
  TIMEZONE_MAX_LENGTH,
  type Contact,
  type ContactFieldsInput,
} from '../../../src/contract';
import { LimitedText } from '../shared/LimitedText';
import { desk, useCustomer } from '../desk';
import { customerLocalTime } from '../shared/customer-clock';
import { Panel } from '../shared/Panel';
import { isPresentedNumber } from '../phone/caller-identity';
import { placeCall } from '../softphone/softphone';

/** The caller's record: popped when a call rings, or found by searching; works offline. */
export function CustomerPanel() {
  const { actions } = desk().customer;
  const query = useCustomer((s) => s.query);
  const results = useCustomer((s) => s.results);
  const contact = useCustomer((s) => s.contact);
  const unknownCaller = useCustomer((s) => s.unknownCaller);
  const error = useCustomer((s) => s.error);
  const poppedBy = useCustomer((s) => s.poppedBy);

  return (
    <Panel title="Customer" className="crm">
      <label className="field">
        <span>Search contacts</span>
        <LimitedText
          type="search"
          aria-label="Search contacts"
          placeholder="Name, company, email or number"
          limit={SEARCH_QUERY_MAX_LENGTH}
          value={query}
          onChange={(q) => void actions.search(q)}
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {query.trim() && !contact && <SearchResults results={results} onOpen={(id) => void actions.open(id)} />}
      {poppedBy && !contact && (
        <p role="status" aria-label="Caller" className="warning">
          {unknownCaller
            ? `Unknown number ${unknownCaller}: no contact has this number.`
            : isPresentedNumber(poppedBy.remoteNumber)
              ? `Looking up ${poppedBy.remoteNumber}…`
              : `${poppedBy.remoteNumber}: no number to look up.`}
        </p>
      )}
      {unknownCaller && <NewContactForm number={unknownCaller} onCreate={actions.create} />}
      {contact && <ContactCard contact={contact} />}
      {!query.trim() && !contact && !poppedBy && <p className="empty">No caller yet. The caller's record appears here when a call rings.</p>}
    </Panel>
  );
}

const fullName = (c: Pick<Contact, 'firstName' | 'lastName' | 'company'>) => `${c.firstName} ${c.lastName}`.trim() || c.company || 'Unnamed contact';

function SearchResults({ results, onOpen }: { results: readonly Contact[]; onOpen: (id: string) => void }) {
  if (results.length === 0) return <p className="empty">No contact matches.</p>;
  return (
    <ul className="results" aria-label="Search results">
      {results.map((c) => (
        <li key={c.id}>
          <button type="button" className="link" onClick={() => onOpen(c.id)}>
            {fullName(c)}
          </button>
          <span className="muted"> {[c.company, c.phones[0]?.number].filter(Boolean).join(' · ')}</span>
        </li>
      ))}
    </ul>
  );
}

function ContactCard({ contact }: { contact: Contact }) {
  const { actions } = desk().customer;
  const calls = useCustomer((s) => s.calls);
  const notes = useCustomer((s) => s.notes);
  const history = useCustomer((s) => s.history);
  const poppedBy = useCustomer((s) => s.poppedBy);
  const [editing, setEditing] = useState(false);
  const localTime = customerLocalTime(contact.timezone);

  return (
    <article className="contact" aria-label={`Contact ${fullName(contact)}`}>
      <header className="contact-head">
        <h3>{fullName(contact)}</h3>
        {poppedBy && !poppedBy.endedAt && <span className="badge">Calling</span>}
        <button type="button" onClick={() => setEditing((e) => !e)}>
          {editing ? 'Close editor' : 'Edit contact'}
        </button>
        <button type="button" onClick={actions.close}>
          Close contact
        </button>
      </header>
      {contact.doNotCall && (
        <p role="note" className="warning">
          On the do-not-call list: this contact can't be dialled.
        </p>
      )}
      {editing ? (
        <ContactEditor contact={contact} onDone={() => setEditing(false)} />
      ) : (
        <dl className="facts">
          {contact.company && (
            <>
              <dt>Company</dt>
              <dd>{contact.company}</dd>
            </>
          )}
          {contact.email && (
            <>
              <dt>Email</dt>
              <dd>{contact.email}</dd>
            </>
          )}
          {localTime && (
            <>
              <dt>Their local time</dt>
              <dd>
                {localTime} ({contact.timezone})
              </dd>
            </>
          )}
        </dl>
      )}
      <h4>Phones</h4>
      <ul className="phones">
        {contact.phones.map((p) => (
          <li key={`${p.label}-${p.number}`}>
            <span className="muted">{p.label}</span> {p.number}{' '}
            <button type="button" disabled={contact.doNotCall} aria-label={`Call ${p.number}`} onClick={() => void placeCall(p.number)}>
              Call
            </button>
          </li>
        ))}
      </ul>
      <h4>Recent calls</h4>
      {calls.length === 0 ? (
        <p className="empty">No calls yet.</p>
      ) : (
        <ul className="history" aria-label="Recent calls">
          {calls.map((c) => (
            <li key={c.id}>
              {c.direction === 'inbound' ? '↙' : '↗'} {new Date(c.startedAt).toLocaleString()} · {c.answeredAt ? 'answered' : 'not answered'}
              {c.endCause ? ` · ${c.endCause}` : ''}
              {c.disposition && <span className="badge">{c.disposition}</span>}
            </li>
          ))}
        </ul>
      )}
      <h4>Notes</h4>
      {notes.length === 0 ? (
        <p className="empty">No notes yet.</p>
      ) : (
        <ul className="notes" aria-label="Contact notes">
          {notes.map((n) => (
            <li key={n.id}>
              <span className="muted">{new Date(n.createdAt).toLocaleString()}</span> {n.body}
            </li>
          ))}
        </ul>
      )}
      {history.length > 0 && (
        <>
          <h4>Change history</h4>
          <ul className="notes" aria-label="Change history">
            {history.map((h) => (
              <li key={h.id}>
                <span className="muted">{new Date(h.recordedAt).toLocaleString()}</span> {FIELD_LABELS[h.field] ?? h.field}:{' '}
                <s>{describeValue(h.losingValue)}</s> lost to <strong>{describeValue(h.winningValue)}</strong> (edited at the same time)
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  email: 'Email',
  phones: 'Phones',
  timezone: 'Time zone',
  doNotCall: 'Do not call',
};

/** History values are whatever the field held: text, a yes/no, or a phone list. */
function describeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (Array.isArray(value)) {
    return value.map((p: unknown) => (p && typeof p === 'object' && 'number' in p ? String(p.number) : String(p))).join(', ') || '(none)';
  }
  return JSON.stringify(value);
}

type EditableText = 'firstName' | 'lastName' | 'company' | 'email' | 'timezone';
const TEXT_FIELDS: readonly [EditableText, string][] = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['company', 'Company'],
  ['email', 'Email'],
];
/** Each contact field's contract limit (src/contract/shared/text-limits.ts). */
const LIMITS: Record<EditableText, number> = {
  firstName: CONTACT_NAME_MAX_LENGTH,
  lastName: CONTACT_NAME_MAX_LENGTH,
  company: CONTACT_COMPANY_MAX_LENGTH,
  email: EMAIL_MAX_LENGTH,
  timezone: TIMEZONE_MAX_LENGTH,
};

/** The IANA zones this browser knows (the core checks the same list); picked, never typed. */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

/** Saves only the fields the agent changed: each becomes its own field-level edit for sync. */
function ContactEditor({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const { actions } = desk().customer;
  const [draft, setDraft] = useState<Record<EditableText, string>>({
    firstName: contact.firstName,
    lastName: contact.lastName,
    company: contact.company,
    email: contact.email,
    timezone: contact.timezone,
  });
  const [doNotCall, setDoNotCall] = useState(contact.doNotCall);

  const save = async () => {
    const changes: Partial<ContactFieldsInput> = {};
    for (const field of [...TEXT_FIELDS.map(([f]) => f), 'timezone' as const]) if (draft[field] !== contact[field]) changes[field] = draft[field];
    if (doNotCall !== contact.doNotCall) changes.doNotCall = doNotCall;
    if (Object.keys(changes).length === 0 || (await actions.update(contact.id, changes))) onDone();
  };

  return (
    <form
      className="editor"
      aria-label="Edit contact"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {TEXT_FIELDS.map(([field, label]) => (
        <label key={field} className="field">
          <span>{label}</span>
          <LimitedText limit={LIMITS[field]} value={draft[field]} onChange={(v) => setDraft({ ...draft, [field]: v })} />
        </label>
      ))}
      <label className="field">
        <span>Time zone</span>
        <select value={draft.timezone} onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}>
          <option value="">Not known</option>
          {/* A zone saved before this list (or by a newer browser) stays selectable as it is. */}
          {draft.timezone && !TIME_ZONES.includes(draft.timezone) && <option value={draft.timezone}>{draft.timezone}</option>}
          {TIME_ZONES.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={doNotCall} onChange={(e) => setDoNotCall(e.target.checked)} /> Do not call
      </label>
      <button type="submit" className="primary">
        Save contact
      </button>
    </form>
  );
}

function NewContactForm({ number, onCreate }: { number: string; onCreate: (f: Partial<ContactFieldsInput>) => Promise<boolean> }) {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [company, setCompany] = useState('');
  return (
    <form
      className="editor"
      aria-label="New contact"
      onSubmit={(e) => {
        e.preventDefault();
        void onCreate({ firstName, lastName, company, phones: [{ label: 'mobile', number }] });
      }}
    >
      <p>
        Add <strong>{number}</strong> as a new contact:
      </p>
      <label className="field">
        <span>First name</span>
        <LimitedText limit={CONTACT_NAME_MAX_LENGTH} value={firstName} onChange={setFirstName} />
      </label>
      <label className="field">
        <span>Last name</span>
        <LimitedText limit={CONTACT_NAME_MAX_LENGTH} value={lastName} onChange={setLastName} />
      </label>
      <label className="field">
        <span>Company</span>
        <LimitedText limit={CONTACT_COMPANY_MAX_LENGTH} value={company} onChange={setCompany} />
      </label>
      <button type="submit" className="primary">
        Create contact
      </button>
    </form>
  );
}
