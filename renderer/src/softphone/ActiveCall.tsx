import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ISOLATES, Party } from '../i18n/Bidi';
import { endCauseText } from '../i18n/end-cause-text';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';
import { focusPlace } from '../keyboard/shortcut-match';
import { useShortcut } from '../keyboard/use-shortcut';
import type { PhoneEngine } from '../phone/phone-engine';
import type { CallView } from '../phone/phone-store';
import { CallTimer } from './CallTimer';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function phaseText(c: CallView): string {
  switch (c.phase) {
    case 'dialing':
      return t('call.calling');
    case 'ringing':
      return t('call.ringing');
    case 'incoming':
      return t('call.incoming');
    case 'answering':
      return t('call.connecting');
    case 'active':
      if (c.transfer === 'pending') return t('call.transferring');
      // Both sides holding: resuming ours alone will not bring the customer's voice back.
      if (c.held) return c.remoteHeld ? t('call.heldBoth') : t('call.held');
      if (c.remoteHeld) return t('call.remoteHeld');
      return t('call.connected');
    case 'ended':
      return t('call.ended', { cause: c.endCause ? endCauseText(c.endCause) : '' });
  }
}

const ms = (seconds: number | null) => (seconds === null ? '?' : formatNumber(Math.round(seconds * 1000)));
const oneDecimal = (n: number) => formatNumber(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** One call's controls. Names are per-call so a second (waiting) call has its own set. */
export function ActiveCall({ call, engine, other }: { call: CallView; engine: PhoneEngine; other: CallView | null }) {
  const { t } = useTranslation();
  const [showKeypad, setShowKeypad] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const active = call.phase === 'active';
  const answerHint = useShortcut('answer', t('call.answer'));
  const declineHint = useShortcut('decline', t('call.decline'));
  const hangupHint = useShortcut('hangup', t('call.hangUp'));
  const holdHint = useShortcut('hold', call.held ? t('call.resume') : t('call.hold'));
  const muteHint = useShortcut('mute', call.muted ? t('call.unmute') : t('call.mute'));
  const keypadHint = useShortcut('dialpad', t('call.keypad'));
  const transferHint = useShortcut('transfer', t('call.transferTo'));
  // A call rings: the focus goes to Answer, so Enter or Space answers — unless the agent is typing
  // (a second call during the notes of the first), whose next keystroke must not answer it.
  const answerRef = useRef<HTMLButtonElement>(null);
  const ringing = call.phase === 'incoming';
  useEffect(() => {
    if (ringing && focusPlace(document.activeElement as HTMLElement | null) !== 'text') answerRef.current?.focus();
  }, [ringing]);
  return (
    <section className={`call call-${call.phase}`} aria-label={t('call.with', { number: call.remoteNumber })}>
      <div className="call-head">
        <strong className="call-party">
          <Party name={call.remoteName} number={call.remoteNumber} />
        </strong>
        {/* The number the customer dialed (DNIS): which campaign or line the call came in on. */}
        {call.direction === 'inbound' && call.localNumber && (
          <span className="call-dnis" aria-label={t('call.dialedNumber')}>
            <Trans i18nKey="call.on" values={{ number: call.localNumber }} components={ISOLATES} />
          </span>
        )}
        <span role="status" aria-label={t('call.state')}>
          {phaseText(call)}
        </span>
        {active && call.answeredAt !== null && <CallTimer since={call.answeredAt} />}
        {/* Plain indicators, not only a changed button label: the agent sees at a glance. */}
        {call.held && (
          <span className="call-flag call-flag-held" aria-label={t('call.flagHeld')}>
            {t('call.held')}
          </span>
        )}
        {call.muted && (
          <span className="call-flag call-flag-muted" aria-label={t('call.flagMuted')}>
            {t('call.muted')}
          </span>
        )}
        {active && call.quality && (
          <span
            className={`quality quality-${call.quality.level}`}
            aria-label={t('call.quality')}
            title={t('call.qualityTitle', {
              rtt: ms(call.quality.rttSeconds),
              jitter: ms(call.quality.jitterSeconds),
              loss: call.quality.lossFraction === null ? '?' : oneDecimal(call.quality.lossFraction * 100),
              path: call.mediaPath ?? '?',
            })}
          >
            {t('call.qualityText', { level: t(`line.level.${call.quality.level}`), mos: oneDecimal(call.quality.mos) })}
            {/* Relayed audio adds a hop: worth knowing when the agent reports a poor line. */}
            {call.mediaPath === 'relay' && t('call.viaRelay')}
          </span>
        )}
        {call.audioProfile === 'low-bandwidth' && (
          <span role="status" aria-label={t('call.audio')} className="warning" title={t('call.lowBandwidthTitle')}>
            {t('call.lowBandwidth')}
          </span>
        )}
      </div>
      <div className="call-actions">
        {call.phase === 'incoming' && (
          <>
            <button ref={answerRef} type="button" className="primary" {...answerHint} onClick={() => engine.answer(call.id)}>
              {t('call.answer')}
            </button>
            <button type="button" {...declineHint} onClick={() => engine.decline(call.id)}>
              {t('call.decline')}
            </button>
          </>
        )}
        {call.phase !== 'incoming' && call.phase !== 'ended' && (
          <button type="button" className="danger" {...hangupHint} onClick={() => engine.hangup(call.id)}>
            {t('call.hangUp')}
          </button>
        )}
        {active && (
          <>
            <button type="button" aria-pressed={call.held} {...holdHint} onClick={() => (call.held ? engine.resume(call.id) : engine.hold(call.id))}>
              {call.held ? t('call.resume') : t('call.hold')}
            </button>
            <button type="button" aria-pressed={call.muted} {...muteHint} onClick={() => engine.setMuted(call.id, !call.muted)}>
              {call.muted ? t('call.unmute') : t('call.mute')}
            </button>
            <button type="button" aria-expanded={showKeypad} {...keypadHint} onClick={() => setShowKeypad((v) => !v)}>
              {t('call.keypad')}
            </button>
          </>
        )}
      </div>
      {active && showKeypad && (
        <div className="dialpad" role="group" aria-label={t('call.callKeypad')} dir="ltr">
          {KEYS.map((k) => (
            <button key={k} type="button" aria-label={t('call.sendTone', { key: k })} onClick={() => engine.sendDtmf(call.id, k)}>
              {k}
            </button>
          ))}
          <output aria-label={t('call.tonesSent')}>{call.dtmfSent}</output>
        </div>
      )}
      {call.dtmfReceived && (
        <output aria-label={t('call.tonesReceived')} dir="ltr">
          {call.dtmfReceived}
        </output>
      )}
      {active && (
        <form
          className="transfer"
          onSubmit={(e) => {
            e.preventDefault();
            if (engine.transfer(call.id, transferTo)) setTransferTo('');
          }}
        >
          <input aria-label={t('call.transferTo')} {...transferHint} value={transferTo} onChange={(e) => setTransferTo(e.target.value)} inputMode="tel" dir="ltr" />
          <button type="submit" disabled={!transferTo.trim()}>
            {t('call.transfer')}
          </button>
          {other && other.phase === 'active' && (
            <button type="button" onClick={() => engine.completeAttendedTransfer(call.id, other.id)}>
              <Trans i18nKey="call.connectTo" values={{ number: other.remoteNumber }} components={ISOLATES} />
            </button>
          )}
        </form>
      )}
    </section>
  );
}
