import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
import { ISOLATES, PhoneNumber } from '../i18n/Bidi';
import { endCauseText } from '../i18n/end-cause-text';
import { errorDetail, errorText } from '../i18n/error-text';
import { formatDateTime } from '../i18n/format';
import { t as translate } from '../i18n/i18n';

/** The caller's record: popped when a call rings, or found by searching; works offline. */
export function CustomerPanel() {
  const { t } = useTranslation();
  const { actions } = desk().customer;
  const query = useCustomer((s) => s.query);
  const results = useCustomer((s) => s.results);
  const contact = useCustomer((s) => s.contact);
  const unknownCaller = useCustomer((s) => s.unknownCaller);
  const error = useCustomer((s) => s.error);
  const poppedBy = useCustomer((s) => s.poppedBy);

  return (
    <Panel title={t('panel.customer')} className="crm">
      <label className="field">
        <span>{t('customer.search')}</span>
        <LimitedText
          type="search"
          dir="auto"
          aria-label={t('customer.search')}
          placeholder={t('customer.searchPlaceholder')}
          limit={SEARCH_QUERY_MAX_LENGTH}
          value={query}
          onChange={(q) => void actions.search(q)}
        />
      </label>
      {error && (
        <p role="alert" className="error" title={errorDetail(error)}>
          {errorText(error)}
        </p>
      )}
      {query.trim() && !contact && <SearchResults results={results} onOpen={(id) => void actions.open(id)} />}
      {poppedBy && !contact && (
        <p role="status" aria-label={t('customer.caller')} className="warning">
          <Trans
            i18nKey={unknownCaller ? 'customer.unknownNumber' : isPresentedNumber(poppedBy.remoteNumber) ? 'customer.lookingUp' : 'customer.noNumber'}
            values={{ number: unknownCaller ?? poppedBy.remoteNumber }}
            components={ISOLATES}
          />
        </p>
      )}
      {unknownCaller && <NewContactForm number={unknownCaller} onCreate={actions.create} />}
      {contact && <ContactCard contact={contact} />}
      {!query.trim() && !contact && !poppedBy && <p className="empty">{t('customer.noCallerYet')}</p>}
    </Panel>
  );
}

const fullName = (c: Pick<Contact, 'firstName' | 'lastName' | 'company'>) => `${c.firstName} ${c.lastName}`.trim() || c.company || translate('customer.unnamed');

function SearchResults({ results, onOpen }: { results: readonly Contact[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  if (results.length === 0) return <p className="empty">{t('customer.noMatches')}</p>;
  return (
    <ul className="results" aria-label={t('customer.results')}>
      {results.map((c) => (
        <li key={c.id}>
          <button type="button" className="link" onClick={() => onOpen(c.id)}>
            <bdi>{fullName(c)}</bdi>
          </button>
          <span className="muted">
            {' '}
            {c.company && <bdi>{c.company}</bdi>}
            {c.company && c.phones[0] && ' · '}
            {c.phones[0] && <PhoneNumber number={c.phones[0].number} />}
          </span>
        </li>
      ))}
    </ul>
  );
}

function ContactCard({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const { actions } = desk().customer;
  const calls = useCustomer((s) => s.calls);
  const notes = useCustomer((s) => s.notes);
  const history = useCustomer((s) => s.history);
  const poppedBy = useCustomer((s) => s.poppedBy);
  const [editing, setEditing] = useState(false);
  const localTime = customerLocalTime(contact.timezone);

  return (
    <article className="contact" aria-label={t('customer.contact', { name: fullName(contact) })}>
      <header className="contact-head">
        <h3>
          <bdi>{fullName(contact)}</bdi>
        </h3>
        {poppedBy && !poppedBy.endedAt && <span className="badge">{t('customer.calling')}</span>}
        <button type="button" onClick={() => setEditing((e) => !e)}>
          {editing ? t('customer.closeEditor') : t('customer.edit')}
        </button>
        <button type="button" onClick={actions.close}>
          {t('customer.close')}
        </button>
      </header>
      {contact.doNotCall && (
        <p role="note" className="warning">
          {t('customer.doNotCall')}
        </p>
      )}
      {editing ? (
        <ContactEditor contact={contact} onDone={() => setEditing(false)} />
      ) : (
        <dl className="facts">
          {contact.company && (
            <>
              <dt>{t('customer.field.company')}</dt>
              <dd>
                <bdi>{contact.company}</bdi>
              </dd>
            </>
          )}
          {contact.email && (
            <>
              <dt>{t('customer.field.email')}</dt>
              <dd>
                <bdi dir="ltr">{contact.email}</bdi>
              </dd>
            </>
          )}
          {localTime && (
            <>
              <dt>{t('customer.localTime')}</dt>
              <dd>
                {localTime} (<bdi dir="ltr">{contact.timezone}</bdi>)
              </dd>
            </>
          )}
        </dl>
      )}
      <h4>{t('customer.phones')}</h4>
      <ul className="phones">
        {contact.phones.map((p) => (
          <li key={`${p.label}-${p.number}`}>
            <span className="muted">
              <bdi>{p.label}</bdi>
            </span>{' '}
            <PhoneNumber number={p.number} />{' '}
            <button type="button" disabled={contact.doNotCall} aria-label={t('customer.callNumber', { number: p.number })} onClick={() => void placeCall(p.number)}>
              {t('customer.call')}
            </button>
          </li>
        ))}
      </ul>
      <h4>{t('customer.recentCalls')}</h4>
      {calls.length === 0 ? (
        <p className="empty">{t('customer.noCalls')}</p>
      ) : (
        <ul className="history" aria-label={t('customer.recentCalls')}>
          {calls.map((c) => (
            <li key={c.id}>
              <span dir="ltr">{c.direction === 'inbound' ? '↙' : '↗'}</span> {formatDateTime(c.startedAt)} ·{' '}
              {c.answeredAt ? t('customer.answered') : t('customer.notAnswered')}
              {c.endCause ? ` · ${endCauseText(c.endCause)}` : ''}
              {c.disposition && (
                <span className="badge">
                  <bdi>{c.disposition}</bdi>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('customer.notes')}</h4>
      {notes.length === 0 ? (
        <p className="empty">{t('customer.noNotes')}</p>
      ) : (
        <ul className="notes" aria-label={t('customer.contactNotes')}>
          {notes.map((n) => (
            <li key={n.id}>
              <span className="muted">{formatDateTime(n.createdAt)}</span> <bdi className="note-body">{n.body}</bdi>
            </li>
          ))}
        </ul>
      )}
      {history.length > 0 && (
        <>
          <h4>{t('customer.changeHistory')}</h4>
          <ul className="notes" aria-label={t('customer.changeHistory')}>
            {history.map((h) => (
              <li key={h.id}>
                <span className="muted">{formatDateTime(h.recordedAt)}</span> {fieldLabel(h.field)}:{' '}
                <s>
                  <bdi>{describeValue(h.losingValue)}</bdi>
                </s>{' '}
                {t('customer.lostTo')}{' '}
                <strong>
                  <bdi>{describeValue(h.winningValue)}</bdi>
                </strong>{' '}
                {t('customer.editedTogether')}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

const HISTORY_FIELDS = ['firstName', 'lastName', 'company', 'email', 'phones', 'timezone', 'doNotCall'] as const;
/** A contact field's name in the agent's language; a field this desk does not know, as stored. */
function fieldLabel(field: string): string {
  const known = HISTORY_FIELDS.find((f) => f === field);
  return known ? translate(`customer.field.${known}`) : field;
}

/** History values are whatever the field held: text, a yes/no, or a phone list. */
function describeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? translate('customer.yes') : translate('customer.no');
  if (typeof value === 'string') return value === '' ? translate('customer.empty') : value;
  if (Array.isArray(value)) {
    return value.map((p: unknown) => (p && typeof p === 'object' && 'number' in p ? String(p.number) : String(p))).join(', ') || translate('customer.none');
  }
  return JSON.stringify(value);
}

type EditableText = 'firstName' | 'lastName' | 'company' | 'email' | 'timezone';
const TEXT_FIELDS: readonly Exclude<EditableText, 'timezone'>[] = ['firstName', 'lastName', 'company', 'email'];
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
  const { t } = useTranslation();
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
    for (const field of [...TEXT_FIELDS, 'timezone' as const]) if (draft[field] !== contact[field]) changes[field] = draft[field];
    if (doNotCall !== contact.doNotCall) changes.doNotCall = doNotCall;
    if (Object.keys(changes).length === 0 || (await actions.update(contact.id, changes))) onDone();
  };

  return (
    <form
      className="editor"
      aria-label={t('customer.editContact')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {TEXT_FIELDS.map((field) => (
        <label key={field} className="field">
          <span>{t(`customer.field.${field}`)}</span>
          <LimitedText dir="auto" limit={LIMITS[field]} value={draft[field]} onChange={(v) => setDraft({ ...draft, [field]: v })} />
        </label>
      ))}
      <label className="field">
        <span>{t('customer.field.timezone')}</span>
        <select dir="ltr" value={draft.timezone} onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}>
          <option value="">{t('customer.zoneUnknown')}</option>
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
        <input type="checkbox" checked={doNotCall} onChange={(e) => setDoNotCall(e.target.checked)} /> {t('customer.field.doNotCall')}
      </label>
      <button type="submit" className="primary">
        {t('customer.save')}
      </button>
    </form>
  );
}

function NewContactForm({ number, onCreate }: { number: string; onCreate: (f: Partial<ContactFieldsInput>) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [company, setCompany] = useState('');
  return (
    <form
      className="editor"
      aria-label={t('customer.newContact')}
      onSubmit={(e) => {
        e.preventDefault();
        void onCreate({ firstName, lastName, company, phones: [{ label: 'mobile', number }] });
      }}
    >
      <p>
        <Trans i18nKey="customer.addAsNew" values={{ number }} components={ISOLATES} />
      </p>
      <label className="field">
        <span>{t('customer.field.firstName')}</span>
        <LimitedText dir="auto" limit={CONTACT_NAME_MAX_LENGTH} value={firstName} onChange={setFirstName} />
      </label>
      <label className="field">
        <span>{t('customer.field.lastName')}</span>
        <LimitedText dir="auto" limit={CONTACT_NAME_MAX_LENGTH} value={lastName} onChange={setLastName} />
      </label>
      <label className="field">
        <span>{t('customer.field.company')}</span>
        <LimitedText dir="auto" limit={CONTACT_COMPANY_MAX_LENGTH} value={company} onChange={setCompany} />
      </label>
      <button type="submit" className="primary">
        {t('customer.create')}
      </button>
    </form>
  );
}
