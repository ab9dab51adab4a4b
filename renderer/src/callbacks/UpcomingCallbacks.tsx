import { Trans, useTranslation } from 'react-i18next';
import type { UpcomingCallback } from '../../../src/contract';
import { desk, useCallbacks } from '../desk';
import { ISOLATES, PhoneNumber } from '../i18n/Bidi';
import { errorDetail, errorText } from '../i18n/error-text';
import { Panel } from '../shared/Panel';
import { placeCall } from '../softphone/softphone';
import { customerWhen, formatWhen } from './callback-time';
import { isDue } from './callbacks-store';

function CallbackWhen({ cb }: { cb: UpcomingCallback }) {
  const { t } = useTranslation();
  const customer = customerWhen(cb.dueAt, cb.timezone);
  return (
    <span className="callback-when">
      <span aria-label={t('callbacks.yourTime')}>{formatWhen(cb.dueAt)}</span>
      {customer && (
        <span aria-label={t('callbacks.customerTime')} className="customer-time">
          {t('callbacks.customerAt', { when: customer })}
        </span>
      )}
    </span>
  );
}

/** The agent's upcoming callbacks with click-to-dial, and a reminder when one comes due. */
export function UpcomingCallbacks() {
  const { t } = useTranslation();
  const { dismiss, markDone, cancel } = desk().callbacks.actions;
  const list = useCallbacks((s) => s.list);
  const reminders = useCallbacks((s) => s.reminders);
  const error = useCallbacks((s) => s.error);
  const dial = (cb: UpcomingCallback) => cb.number && void placeCall(cb.number);
  return (
    <Panel title={t('panel.callbacks')} className="callbacks">
      {reminders.map((cb) => (
        <div key={cb.id} role="alert" aria-label={t('callbacks.dueLabel', { name: cb.contactName })} className="callback-reminder">
          <strong>
            <Trans i18nKey="callbacks.due" values={{ name: cb.contactName }} components={ISOLATES} />
          </strong>{' '}
          <CallbackWhen cb={cb} />
          {cb.note && (
            <span className="callback-note">
              {' — '}
              <bdi>{cb.note}</bdi>
            </span>
          )}
          <div className="actions">
            {cb.number && (
              <button type="button" className="primary" onClick={() => dial(cb)} aria-label={t('callbacks.callNowLabel', { name: cb.contactName, number: cb.number })}>
                {t('callbacks.callNow')}
              </button>
            )}
            <button type="button" onClick={() => dismiss(cb.id)} aria-label={t('callbacks.dismissLabel', { name: cb.contactName })}>
              {t('callbacks.dismiss')}
            </button>
          </div>
        </div>
      ))}
      {error && (
        <p role="alert" className="error" title={errorDetail(error)}>
          {errorText(error)}
        </p>
      )}
      {list.length === 0 ? (
        <p className="empty">{t('callbacks.none')}</p>
      ) : (
        <ul className="callback-list" aria-label={t('callbacks.list')}>
          {list.map((cb) => (
            <li key={cb.id} aria-label={t('callbacks.item', { name: cb.contactName })} className={isDue(cb) ? 'due' : undefined}>
              <div>
                <strong>
                  <bdi>{cb.contactName}</bdi>
                </strong>{' '}
                <CallbackWhen cb={cb} />
              </div>
              {cb.note && (
                <div className="callback-note">
                  <bdi>{cb.note}</bdi>
                </div>
              )}
              <div className="actions">
                {cb.number ? (
                  <button type="button" className="link" onClick={() => dial(cb)} aria-label={t('callbacks.callAt', { name: cb.contactName, number: cb.number })}>
                    <PhoneNumber number={cb.number} />
                  </button>
                ) : (
                  <span>{t('callbacks.noNumber')}</span>
                )}
                <button type="button" onClick={() => markDone(cb)} aria-label={t('callbacks.doneLabel', { name: cb.contactName })}>
                  {t('callbacks.done')}
                </button>
                <button type="button" onClick={() => cancel(cb)} aria-label={t('callbacks.cancelLabel', { name: cb.contactName })}>
                  {t('callbacks.cancel')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
