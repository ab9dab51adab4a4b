import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { CALLBACK_NOTE_MAX_LENGTH, type AgentApi, type CallbackRequest, type DispositionCode, type OpenWork } from '../../../src/contract';
import { customerWhen, formatCountdown, formatWhen, fromDateAndTime, toDateAndTime } from '../callbacks/callback-time';
import { desk, useWorkstation, useWrapup } from '../desk';
import { saveStatusWhileGone } from '../shared/core-connection';
import { useShortcut } from '../keyboard/use-shortcut';
import { LimitedText } from '../shared/LimitedText';
import { saveOpenEdits } from '../shared/open-edits';
import { submitBlocker } from './submit-blocker';
import { errorDetail, errorText } from '../i18n/error-text';
import { formatTimeSeconds } from '../i18n/format';
import { createWrapupSaver, type WrapupChoice } from './wrapup-saver';

const NO_CODES: readonly DispositionCode[] = [];

/** Seconds left of a timed wrap-up, ticking each second; the core ends it, this only shows it. */
function useCountdown(endsAt: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [endsAt]);
  return endsAt ? Math.max(0, (new Date(endsAt).getTime() - now) / 1000) : null;
}

/**
 * The wrap-up of the open call (after-call work, ACW): the campaign's disposition codes, an
 * optional callback (in the agent's time, with the customer's beside it), the campaign's wrap-up
 * rule (required, skippable, or a countdown), saved on every change so a crash loses nothing
 * (createWrapupSaver), then submitted together with the draft note.
 */
export function WrapupForm({ agent, work }: { agent: AgentApi; work: OpenWork }) {
  const { t } = useTranslation();
  const callId = work.call.id;
  const restored = work.wrapup?.callback ? toDateAndTime(work.wrapup.callback.dueAt) : null;
  const { actions } = desk().wrapup;
  // The store follows the open call; until it has caught up with this one, nothing of another call shows.
  const codes = useWrapup((s) => (s.callId === callId ? s.codes : NO_CODES));
  const policy = useWrapup((s) => (s.callId === callId ? s.policy : null));
  const customerZone = useWrapup((s) => (s.callId === callId ? s.customerZone : ''));
  const error = useWrapup((s) => (s.callId === callId ? s.error : null));
  const [disposition, setDisposition] = useState<string>(work.wrapup?.disposition ?? '');
  const [wantsCallback, setWantsCallback] = useState(restored !== null);
  const [callbackDate, setCallbackDate] = useState(restored?.date ?? '');
  const [callbackTime, setCallbackTime] = useState(restored?.time ?? '');
  const [callbackNote, setCallbackNote] = useState<string>(work.wrapup?.callback?.note ?? '');
  const left = useCountdown(policy?.endsAt ?? null);
  // Why the notes or script answers kept this submit back, until the next try.
  const [editsError, setEditsError] = useState<string | null>(null);

  const needsCallback = codes.find((c) => c.code === disposition)?.needsCallback ?? false;
  const showCallback = wantsCallback || needsCallback;
  const dueAt = showCallback ? fromDateAndTime(callbackDate, callbackTime) : null;
  const callback: CallbackRequest | null = dueAt ? { dueAt, note: callbackNote } : null;
  const choice: WrapupChoice = { disposition: disposition || null, callback };

  // One saver per form (the form is keyed on the call); what the form opened with is already stored.
  const [saver] = useState(() => createWrapupSaver((input) => agent.wrapup.save(input), callId, { choice, savedAt: work.wrapup?.savedAt ?? null }));
  useEffect(() => () => saver.dispose(), [saver]);
  const connected = useWorkstation((s) => s.connected);
  const saveState = useSyncExternalStore(
    (cb) => saver.onState(cb),
    () => saver.state,
  );
  // Save shortly after each change, as the notes do (the saver ignores a choice already saved).
  useEffect(() => {
    saver.change(choice);
    // `choice` is derived from these.
  }, [saver, disposition, dueAt, callbackNote]);

  // The notes and answers typed so far are saved first: a wrap-up never goes while they are not.
  const submit = async () => {
    const saved = await saveOpenEdits();
    setEditsError(saved.ok ? null : saved.message);
    if (saved.ok) await actions.submit(callId, disposition, callback);
  };
  const skip = () => void actions.skip(callId);

  const mode = policy?.policy.mode ?? null;
  // A refused submit or skip, else a failed save.
  const shownError = error ?? (saveState.kind === 'failed' ? saveState.error : null);
  // The wrap-up comes into view when it starts (the call ended), wherever the panel was scrolled.
  const formRef = useRef<HTMLFormElement>(null);
  const ended = work.call.endedAt !== null;
  // …and the focus goes to the disposition, the first thing to choose (issue 16 C).
  const dispositionRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!ended) return;
    formRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    dispositionRef.current?.focus({ preventScroll: true });
  }, [ended]);
  const submitHint = useShortcut('submitWrapup', t('wrapup.submit'));
  const blocker = submitBlocker({ disposition, showCallback, dueAt }, new Date());
  const customerTime = dueAt ? customerWhen(dueAt, customerZone) : null;

  return (
    <form
      ref={formRef}
      className="wrapup"
      aria-label={t('wrapup.form')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {policy && (
        <p className={`wrapup-mode wrapup-${policy.policy.mode}`} aria-label={t('wrapup.rule')}>
          {policy.campaignName && <bdi>{policy.campaignName}</bdi>}
          {policy.campaignName && ': '}
          {mode === 'mandatory' && t('wrapup.mandatory')}
          {mode === 'optional' && t('wrapup.optional')}
          {mode === 'timed' && (left === null ? t('wrapup.timedBefore') : t('wrapup.timedRunning'))}
        </p>
      )}
      {mode === 'timed' && left !== null && (
        <p role="timer" aria-label={t('wrapup.timeLeft')} className="wrapup-timer">
          {t('wrapup.left', { time: formatCountdown(left) })}
        </p>
      )}
      <label className="field">
        <span>{t('wrapup.disposition')}</span>
        <select ref={dispositionRef} aria-label={t('wrapup.disposition')} data-shortcut="disposition" value={disposition} onChange={(e) => setDisposition(e.target.value)}>
          <option value="">{t('wrapup.choose')}</option>
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={showCallback}
          disabled={needsCallback}
          onChange={(e) => setWantsCallback(e.target.checked)}
        />
        <span>
          {t('wrapup.scheduleCallback')}
          {needsCallback ? t('wrapup.needsCallback') : ''}
        </span>
      </label>
      {showCallback && (
        <fieldset className="callback-fields">
          <legend>{t('wrapup.callbackLegend')}</legend>
          <label className="field">
            <span>{t('wrapup.callbackDate')}</span>
            <input type="date" aria-label={t('wrapup.callbackDate')} value={callbackDate} onChange={(e) => setCallbackDate(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('wrapup.callbackTime')}</span>
            <input type="time" aria-label={t('wrapup.callbackTime')} value={callbackTime} onChange={(e) => setCallbackTime(e.target.value)} />
          </label>
          {dueAt && (
            <p className="callback-when" aria-label={t('wrapup.callbackWhen')}>
              {t('wrapup.you', { when: formatWhen(dueAt) })}
              {customerTime ? t('wrapup.customer', { when: customerTime }) : work.call.contactId ? t('wrapup.zoneUnknown') : ''}
            </p>
          )}
          <label className="field">
            <span>{t('wrapup.callbackNote')}</span>
            <LimitedText dir="auto" aria-label={t('wrapup.callbackNote')} limit={CALLBACK_NOTE_MAX_LENGTH} value={callbackNote} onChange={setCallbackNote} />
          </label>
        </fieldset>
      )}
      {editsError && (
        <p role="alert" className="error">
          {editsError}
        </p>
      )}
      {shownError && (
        <p role="alert" className="error" title={errorDetail(shownError)}>
          {errorText(shownError)}
        </p>
      )}
      <span role="status" aria-label={t('wrapup.saveStatus')}>
        {saveStatusWhileGone(saveState, connected) ?? (saveState.kind === 'saved' ? t('wrapup.saved', { time: formatTimeSeconds(saveState.at) }) : '')}
      </span>
      <div className="actions">
        <button type="submit" className="primary" {...submitHint} disabled={blocker !== null} aria-describedby={blocker ? 'wrapup-blocker' : undefined}>
          {t('wrapup.submit')}
        </button>
        {blocker && (
          <span id="wrapup-blocker" role="note" aria-label={t('wrapup.whyUnavailable')} className="muted">
            {blocker}
          </span>
        )}
        {mode === 'optional' && policy?.status.canSkip && (
          <button type="button" onClick={skip}>
            {t('wrapup.skip')}
          </button>
        )}
      </div>
    </form>
  );
}
