import { useEffect, useState } from 'react';
import { SKIP_REASON_MAX_LENGTH, type LeadPreview } from '../../../src/contract';
import { LimitedText } from '../shared/LimitedText';
import { desk, usePreview } from '../desk';
import { customerLocalTime } from '../shared/customer-clock';
import { OTHER_REASON, SKIP_REASONS, skipReason } from './skip-reasons';

const fullName = (p: LeadPreview) => `${p.contact.firstName} ${p.contact.lastName}`.trim() || p.contact.company || 'Unnamed contact';

/**
 * Outbound preview dialing: the agent picks the campaign they work, takes its next lead, sees the
 * customer's record, then dials or skips with a reason. A lead that may not be called says why
 * and can't be dialed.
 */
export function PreviewDialer() {
  const { actions } = desk().preview;
  const campaigns = usePreview((s) => s.campaigns);
  const active = usePreview((s) => s.active);
  const preview = usePreview((s) => s.preview);
  const exhausted = usePreview((s) => s.exhausted);
  const error = usePreview((s) => s.error);

  return (
    <section className="preview-dialer" aria-label="Preview dialing">
      <h3>Outbound campaign</h3>
      {campaigns.length === 0 ? (
        <p className="empty">No campaigns on this workstation yet; they arrive with the next sync.</p>
      ) : (
        <label className="field">
          <span>Campaign</span>
          <select aria-label="Campaign" value={active?.id ?? ''} onChange={(e) => void actions.select(e.target.value)}>
            {active === null && <option value="">Choose a campaign</option>}
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" disabled={!active} onClick={() => void actions.next()}>
        Next lead
      </button>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {exhausted && <p className="empty">No leads left in this campaign.</p>}
      {preview && <LeadCard key={preview.lead.id} preview={preview} />}
    </section>
  );
}

function LeadCard({ preview }: { preview: LeadPreview }) {
  const { actions } = desk().preview;
  const dialed = usePreview((s) => s.dialed);
  const [skipping, setSkipping] = useState(false);
  const { contact, number, blockedReason, lead } = preview;
  const name = fullName(preview);
  const [now, setNow] = useState(() => new Date());
  // The customer's clock moves while the agent reads the record.
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  const localTime = customerLocalTime(contact.timezone, now);
  const pending = lead.status === 'pending';

  return (
    <article className="lead" aria-label={`Lead ${name}`}>
      <h4>{name}</h4>
      <dl className="facts">
        {contact.company && (
          <>
            <dt>Company</dt>
            <dd>{contact.company}</dd>
          </>
        )}
        <dt>Number</dt>
        <dd aria-label="Lead number">{number ?? 'none'}</dd>
        {localTime && (
          <>
            <dt>Local time</dt>
            <dd aria-label="Customer's local time">
              {localTime} ({contact.timezone})
            </dd>
          </>
        )}
      </dl>
      {blockedReason && (
        <p role="note" aria-label="Why this lead can't be dialed" className="warning">
          Can't dial: {blockedReason}
        </p>
      )}
      {dialed && (
        <p role="status" aria-label="Lead dial">
          Dialing {dialed}…
        </p>
      )}
      {pending && !skipping && (
        <div className="lead-actions">
          <button type="button" className="primary" disabled={blockedReason !== null || number === null} onClick={() => void actions.dial()}>
            Dial
          </button>
          <button type="button" onClick={() => setSkipping(true)}>
            Skip
          </button>
        </div>
      )}
      {pending && skipping && <SkipForm onCancel={() => setSkipping(false)} onSkip={(reason) => actions.skip(reason)} suggestDnc={blockedReason !== null} />}
    </article>
  );
}

function SkipForm({ onSkip, onCancel, suggestDnc }: { onSkip: (reason: string) => Promise<boolean>; onCancel: () => void; suggestDnc: boolean }) {
  const [choice, setChoice] = useState<string>(suggestDnc ? 'Do not call' : SKIP_REASONS[1]);
  const [other, setOther] = useState('');
  const reason = skipReason(choice, other);
  return (
    <form
      aria-label="Skip lead"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason) void onSkip(reason);
      }}
    >
      <label className="field">
        <span>Skip reason</span>
        <select aria-label="Skip reason" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {[...SKIP_REASONS, OTHER_REASON].map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {choice === OTHER_REASON && (
        <label className="field">
          <span>Other reason</span>
          <LimitedText aria-label="Other reason" limit={SKIP_REASON_MAX_LENGTH} value={other} onChange={setOther} />
        </label>
      )}
      <div className="lead-actions">
        <button type="submit" disabled={!reason}>
          Confirm skip
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
