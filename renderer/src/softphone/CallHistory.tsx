import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, usePhone } from '../desk';
import { Party } from '../i18n/Bidi';
import { endCauseText } from '../i18n/end-cause-text';
import { formatTime } from '../i18n/format';
import { formatDuration } from './CallTimer';
import { placeCall } from './softphone';

/** Recent calls from the local store, newest first, each with a redial button. */
export function CallHistory() {
  const { t } = useTranslation();
  const { engine } = desk().phone;
  const history = usePhone((s) => s.history);
  useEffect(() => void engine.refreshHistory(), [engine]);
  return (
    <section className="call-history" aria-label={t('history.label')}>
      <h3>{t('history.title')}</h3>
      {history.length === 0 ? (
        <p className="muted">{t('history.none')}</p>
      ) : (
        <ul>
          {history.map((c) => (
            <li key={c.id} aria-label={t(c.direction === 'inbound' ? 'history.inbound' : 'history.outbound', { number: c.remoteNumber })}>
              {/* Arrows point the same way in both layouts: in (↙) and out (↗) are not mirrored. */}
              <span className="dir" dir="ltr">
                {c.direction === 'inbound' ? '↙' : '↗'}
              </span>
              <span className="who">
                <Party name={c.contactName} number={c.remoteNumber} />
              </span>
              <time dateTime={c.startedAt}>{formatTime(c.startedAt)}</time>
              <span className="outcome">
                {c.answeredAt && c.endedAt
                  ? `${formatDuration(Date.parse(c.endedAt) - Date.parse(c.answeredAt))}${c.endCause ? ` · ${endCauseText(c.endCause)}` : ''}`
                  : c.endCause
                    ? endCauseText(c.endCause)
                    : c.endedAt
                      ? t('history.missed')
                      : t('history.inProgress')}
              </span>
              <button type="button" aria-label={t('history.redialNumber', { number: c.remoteNumber })} onClick={() => void placeCall(c.remoteNumber)}>
                {t('history.redial')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
