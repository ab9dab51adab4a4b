import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CALLBACK_NOTE_MAX_LENGTH, type AgentApi, type CallbackRequest, type DispositionCode, type OpenWork } from '../../../src/contract';
import { customerWhen, formatCountdown, formatWhen, fromDateAndTime, toDateAndTime } from '../callbacks/callback-time';
import { desk, useWorkstation, useWrapup } from '../desk';
import { saveStatusWhileGone } from '../shared/core-connection';
import { useShortcut } from '../keyboard/use-shortcut';
import { LimitedText } from '../shared/LimitedText';
import { saveOpenEdits } from '../shared/open-edits';
import { submitBlocker } from './submit-blocker';
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
  const submitHint = useShortcut('submitWrapup', 'Submit wrap-up');
  const blocker = submitBlocker({ disposition, showCallback, dueAt }, new Date());
  const customerTime = dueAt ? customerWhen(dueAt, customerZone) : null;

  return (
    <form
      ref={formRef}
      className="wrapup"
      aria-label="Wrap-up"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {policy && (
        <p className={`wrapup-mode wrapup-${policy.policy.mode}`} aria-label="Wrap-up rule">
          {policy.campaignName ? `${policy.campaignName}: ` : ''}
          {mode === 'mandatory' && 'Wrap-up required — choose a disposition and submit to become Available.'}
          {mode === 'optional' && 'Wrap-up optional — submit a disposition, or skip it.'}
          {mode === 'timed' &&
            (left === null ? 'Timed wrap-up — the timer starts when the call ends.' : 'Timed wrap-up — it ends by itself when the timer runs out.')}
        </p>
      )}
      {mode === 'timed' && left !== null && (
        <p role="timer" aria-label="Wrap-up time left" className="wrapup-timer">
          {formatCountdown(left)} left
        </p>
      )}
      <label className="field">
        <span>Disposition</span>
        <select ref={dispositionRef} aria-label="Disposition" data-shortcut="disposition" value={disposition} onChange={(e) => setDisposition(e.target.value)}>
          <option value="">Choose…</option>
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
        <span>Schedule a callback{needsCallback ? ' (this disposition needs one)' : ''}</span>
      </label>
      {showCallback && (
        <fieldset className="callback-fields">
          <legend>Callback, in your time</legend>
          <label className="field">
            <span>Callback date</span>
            <input type="date" aria-label="Callback date" value={callbackDate} onChange={(e) => setCallbackDate(e.target.value)} />
          </label>
          <label className="field">
            <span>Callback time</span>
            <input type="time" aria-label="Callback time" value={callbackTime} onChange={(e) => setCallbackTime(e.target.value)} />
          </label>
          {dueAt && (
            <p className="callback-when" aria-label="Callback time for you and the customer">
              You: {formatWhen(dueAt)}
              {customerTime ? ` · Customer: ${customerTime}` : work.call.contactId ? ' · customer time zone unknown' : ''}
            </p>
          )}
          <label className="field">
            <span>Callback note</span>
            <LimitedText aria-label="Callback note" limit={CALLBACK_NOTE_MAX_LENGTH} value={callbackNote} onChange={setCallbackNote} />
          </label>
        </fieldset>
      )}
      {editsError && (
        <p role="alert" className="error">
          {editsError}
        </p>
      )}
      {shownError && (
        <p role="alert" className="error">
          {shownError.message}
        </p>
      )}
      <span role="status" aria-label="Wrap-up save status">
        {saveStatusWhileGone(saveState, connected) ??
          (saveState.kind === 'saved'
          ? `Wrap-up saved ${new Date(saveState.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`
          : '')}
      </span>
      <div className="actions">
        <button type="submit" className="primary" {...submitHint} disabled={blocker !== null} aria-describedby={blocker ? 'wrapup-blocker' : undefined}>
          Submit wrap-up
        </button>
        {blocker && (
          <span id="wrapup-blocker" role="note" aria-label="Why Submit is unavailable" className="muted">
            {blocker}
          </span>
        )}
        {mode === 'optional' && policy?.status.canSkip && (
          <button type="button" onClick={skip}>
            Skip wrap-up
          </button>
        )}
      </div>
    </form>
  );
}
