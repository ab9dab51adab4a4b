import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ISOLATES } from '../i18n/Bidi';
import { endCauseText } from '../i18n/end-cause-text';
import { desk, usePhone } from '../desk';
import { describeRegistration } from '../phone/registration-machine';
import { PreviewDialer } from '../preview-dialing/PreviewDialer';
import { Panel } from '../shared/Panel';
import { ActiveCall } from './ActiveCall';
import { CallHistory } from './CallHistory';
import { PhoneSettings } from './PhoneSettings';
import { placeCall } from './softphone';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The softphone: dialpad, the calls in progress, devices, and the recent-calls list. */
export function SoftphonePanel() {
  const { t } = useTranslation();
  const { engine } = desk().phone;
  const [number, setNumber] = useState('');
  const registration = usePhone((s) => s.registration);
  const account = usePhone((s) => s.account);
  const allCalls = usePhone((s) => s.calls);
  const calls = useMemo(() => allCalls.filter((c) => c.phase !== 'ended'), [allCalls]);
  // The call that just ended stays in words until the next one: a failed dial never vanishes silently.
  const lastEnded = calls.length === 0 ? allCalls.findLast((c) => c.phase === 'ended') : undefined;
  const notice = usePhone((s) => s.notice);
  const canDial = registration.phase === 'registered' || (registration.phase === 'registering' && account !== null);

  const dial = () => {
    if (!number.trim()) return;
    void placeCall(number).then((ok) => ok && setNumber(''));
  };

  return (
    <Panel title={t('panel.softphone')} className="softphone">
      <p className="phone-account" aria-label={t('softphone.sipAccount')}>
        {account ? (
          <>
            {account.displayName && <bdi>{account.displayName}</bdi>}
            {account.displayName && ' · '}
            <bdi dir="ltr">{account.uri}</bdi>
          </>
        ) : (
          t('softphone.noAccount')
        )}
      </p>
      {calls.map((c) => (
        <ActiveCall key={c.id} call={c} engine={engine} other={calls.find((o) => o.id !== c.id) ?? null} />
      ))}
      {lastEnded && (
        <p role="status" aria-label={t('softphone.lastCall')} className={lastEnded.answeredAt ? 'last-call' : 'last-call warning'}>
          <Trans
            i18nKey="softphone.lastCallEnded"
            values={{ who: lastEnded.remoteName ?? lastEnded.remoteNumber, cause: endCauseText(lastEnded.endCause ?? 'Ended') }}
            components={ISOLATES}
          />
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          dial();
        }}
      >
        <label className="field">
          <span>{t('softphone.number')}</span>
          <input value={number} onChange={(e) => setNumber(e.target.value)} inputMode="tel" dir="ltr" aria-label={t('softphone.numberToDial')} data-shortcut="dial-number" />
        </label>
        <div className="dialpad" role="group" aria-label={t('softphone.dialpad')} dir="ltr">
          {KEYS.map((k) => (
            <button key={k} type="button" onClick={() => setNumber((n) => n + k)} aria-label={t('softphone.digit', { key: k })}>
              {k}
            </button>
          ))}
        </div>
        <button type="submit" className="primary" disabled={!canDial || !number.trim()} title={canDial ? undefined : describeRegistration(registration)}>
          {t('softphone.call')}
        </button>
      </form>
      {notice && (
        <p role="alert" className="warning">
          {notice}{' '}
          <button type="button" onClick={() => engine.clearNotice()}>
            {t('softphone.dismiss')}
          </button>
        </p>
      )}
      <PreviewDialer />
      <PhoneSettings />
      <CallHistory />
    </Panel>
  );
}
