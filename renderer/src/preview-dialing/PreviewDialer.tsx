import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { SKIP_REASON_MAX_LENGTH, type LeadBlock, type LeadPreview } from '../../../src/contract';
import { LimitedText } from '../shared/LimitedText';
import { desk, usePreview } from '../desk';
import { customerLocalTime } from '../shared/customer-clock';
import { OTHER_REASON, SKIP_CHOICES, SKIP_REASONS, skipReason } from './skip-reasons';
import { ISOLATES, PhoneNumber } from '../i18n/Bidi';
import { errorDetail, errorText } from '../i18n/error-text';
import { t as translate } from '../i18n/i18n';

/** Why a lead can't be dialed, in the agent's language, names and numbers isolated. */
function BlockText({ block, preview }: { block: LeadBlock; preview: LeadPreview }) {
  if (block.kind === 'listed') {
    const values = { number: preview.number ?? '', why: block.listReason };
    return <Trans i18nKey={block.listReason ? 'preview.blocked.listedWhy' : 'preview.blocked.listed'} values={values} components={ISOLATES} />;
  }
  return <Trans i18nKey={`preview.blocked.${block.kind}`} values={{ name: fullName(preview) }} components={ISOLATES} />;
}

const fullName = (p: LeadPreview) => `${p.contact.firstName} ${p.contact.lastName}`.trim() || p.contact.company || translate('customer.unnamed');

/**
 * Outbound preview dialing: the agent picks the campaign they work, takes its next lead, sees the
 * customer's record, then dials or skips with a reason. A lead that may not be called says why
 * and can't be dialed.
 */
export function PreviewDialer() {
  const { t } = useTranslation();
  const { actions } = desk().preview;
  const campaigns = usePreview((s) => s.campaigns);
  const active = usePreview((s) => s.active);
  const preview = usePreview((s) => s.preview);
  const exhausted = usePreview((s) => s.exhausted);
  const error = usePreview((s) => s.error);

  return (
    <section className="preview-dialer" aria-label={t('preview.label')}>
      <h3>{t('preview.title')}</h3>
      {campaigns.length === 0 ? (
        <p className="empty">{t('preview.noCampaigns')}</p>
      ) : (
        <label className="field">
          <span>{t('preview.campaign')}</span>
          <select aria-label={t('preview.campaign')} value={active?.id ?? ''} onChange={(e) => void actions.select(e.target.value)}>
            {active === null && <option value="">{t('preview.chooseCampaign')}</option>}
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" disabled={!active} onClick={() => void actions.next()}>
        {t('preview.nextLead')}
      </button>
      {error && (
        <p role="alert" className="error" title={errorDetail(error)}>
          {errorText(error)}
        </p>
      )}
      {exhausted && <p className="empty">{t('preview.exhausted')}</p>}
      {preview && <LeadCard key={preview.lead.id} preview={preview} />}
    </section>
  );
}

function LeadCard({ preview }: { preview: LeadPreview }) {
  const { t } = useTranslation();
  const { actions } = desk().preview;
  const dialed = usePreview((s) => s.dialed);
  const [skipping, setSkipping] = useState(false);
  const { contact, number, blocked, lead } = preview;
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
    <article className="lead" aria-label={t('preview.lead', { name })}>
      <h4>
        <bdi>{name}</bdi>
      </h4>
      <dl className="facts">
        {contact.company && (
          <>
            <dt>{t('preview.company')}</dt>
            <dd>
              <bdi>{contact.company}</bdi>
            </dd>
          </>
        )}
        <dt>{t('preview.number')}</dt>
        <dd aria-label={t('preview.leadNumber')}>{number ? <PhoneNumber number={number} /> : t('preview.none')}</dd>
        {localTime && (
          <>
            <dt>{t('preview.localTime')}</dt>
            <dd aria-label={t('preview.customerLocalTime')}>
              {localTime} (<bdi dir="ltr">{contact.timezone}</bdi>)
            </dd>
          </>
        )}
      </dl>
      {blocked && (
        <p role="note" aria-label={t('preview.whyBlocked')} className="warning">
          {t('preview.cantDial')} <BlockText block={blocked} preview={preview} />
        </p>
      )}
      {dialed && (
        <p role="status" aria-label={t('preview.leadDial')}>
          <Trans i18nKey="preview.dialing" values={{ number: dialed }} components={ISOLATES} />
        </p>
      )}
      {pending && !skipping && (
        <div className="lead-actions">
          <button type="button" className="primary" disabled={blocked !== null || number === null} onClick={() => void actions.dial()}>
            {t('preview.dial')}
          </button>
          <button type="button" onClick={() => setSkipping(true)}>
            {t('preview.skip')}
          </button>
        </div>
      )}
      {pending && skipping && <SkipForm onCancel={() => setSkipping(false)} onSkip={(reason) => actions.skip(reason)} suggestDnc={blocked !== null} />}
    </article>
  );
}

function SkipForm({ onSkip, onCancel, suggestDnc }: { onSkip: (reason: string) => Promise<boolean>; onCancel: () => void; suggestDnc: boolean }) {
  const [choice, setChoice] = useState<string>(suggestDnc ? 'Do not call' : SKIP_REASONS[1]);
  const [other, setOther] = useState('');
  const { t } = useTranslation();
  const reason = skipReason(choice, other);
  return (
    <form
      aria-label={t('preview.skipLead')}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason) void onSkip(reason);
      }}
    >
      <label className="field">
        <span>{t('preview.skipReason')}</span>
        <select aria-label={t('preview.skipReason')} value={choice} onChange={(e) => setChoice(e.target.value)}>
          {SKIP_CHOICES.map((r) => (
            <option key={r} value={r}>
              {t(`preview.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {choice === OTHER_REASON && (
        <label className="field">
          <span>{t('preview.otherReason')}</span>
          <LimitedText dir="auto" aria-label={t('preview.otherReason')} limit={SKIP_REASON_MAX_LENGTH} value={other} onChange={setOther} />
        </label>
      )}
      <div className="lead-actions">
        <button type="submit" disabled={!reason}>
          {t('preview.confirmSkip')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('preview.cancel')}
        </button>
      </div>
    </form>
  );
}
