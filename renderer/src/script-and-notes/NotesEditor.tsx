import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { maskSensitiveNumbers, NOTE_MAX_LENGTH, type AgentApi, type NoteDraft, type NoteTarget } from '../../../src/contract';
import { usePhone, useWorkstation } from '../desk';
import { useShortcut } from '../keyboard/use-shortcut';
import { errorText } from '../i18n/error-text';
import { formatTime, formatTimeSeconds } from '../i18n/format';
import { t } from '../i18n/i18n';
import { maskingText } from '../i18n/masking-text';
import { saveStatusWhileGone } from '../shared/core-connection';
import { LimitedText } from '../shared/LimitedText';
import { registerOpenEdit } from '../shared/open-edits';
import { NoteAutosaver, type SaveState } from './notes-autosave';

const IDLE: SaveState = { kind: 'idle' };

function describe(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'unsaved':
      return t('notes.typing');
    case 'saving':
      return t('notes.saving');
    case 'saved':
      return t('notes.saved', { time: formatTimeSeconds(state.at) });
    case 'failed':
      return t('notes.notSaved', { reason: errorText(state.error) });
  }
}

/**
 * The call's notes: saved on every pause in typing, restored after a crash exactly as last
 * saved, turned into a note for the server with "Save note".
 */
export function NotesEditor({ agent, target, restored }: { agent: AgentApi; target: NoteTarget | null; restored: NoteDraft | null }) {
  const { t } = useTranslation();
  const targetKey = target ? JSON.stringify(target) : null;
  const [saver, setSaver] = useState<NoteAutosaver | null>(null);
  const [text, setText] = useState('');
  const [finalized, setFinalized] = useState<string | null>(null);
  const [maskNotice, setMaskNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!target) {
      setSaver(null);
      setText('');
      return;
    }
    const next = new NoteAutosaver(agent, target, restored ? { body: restored.body, revision: restored.revision } : null);
    setSaver(next);
    setText(next.body);
    setFinalized(null);
    setMaskNotice(null);
    // The core stored the draft with card/CNIC numbers masked: show the same masking on screen.
    const offMasked = next.onMasked((m) => {
      setMaskNotice(maskingText(m));
      const masked = maskSensitiveNumbers(next.body).text;
      if (masked !== next.body) next.edit(masked);
      setText(masked);
    });
    const unregister = registerOpenEdit({
      what: 'notes',
      flush: () => next.flush(),
      failure: () => (next.saveState.kind === 'failed' ? errorText(next.saveState.error) : null),
    });
    const flushOnLeave = () => void next.flush();
    window.addEventListener('beforeunload', flushOnLeave);
    return () => {
      offMasked();
      unregister();
      window.removeEventListener('beforeunload', flushOnLeave);
      // Switching calls: the last words typed for the old one are still saved.
      void next.flush().finally(() => next.dispose());
    };
    // Keyed on the target only: a reloaded draft for the same call must not reset what is being typed.
  }, [agent, targetKey]);

  const connected = useWorkstation((s) => s.connected);
  const notesHint = useShortcut('notes', t('notes.label'));
  // The call connects: the focus goes to its notes, once per call (the agent may move on from there).
  const connectedCall = usePhone((s) => s.calls.findLast((c) => c.phase === 'active' && c.answeredAt !== null)?.id ?? null);
  const focusedFor = useRef<string | null>(null);
  const forCall = target && 'callId' in target ? target.callId : null;
  useEffect(() => {
    if (!saver || !connectedCall || connectedCall !== forCall || focusedFor.current === connectedCall) return;
    focusedFor.current = connectedCall;
    document.querySelector<HTMLElement>('[data-shortcut="notes"]')?.focus();
  }, [saver, connectedCall, forCall]);
  const state = useSyncExternalStore(
    (cb) => saver?.onState(cb) ?? (() => undefined),
    () => saver?.saveState ?? IDLE,
  );

  const finalize = async () => {
    if (!saver) return;
    const r = await saver.finalize();
    if (r.ok) {
      setText(saver.body);
      setFinalized(t('notes.noteSaved', { time: formatTime(r.note.createdAt) }));
    }
  };

  return (
    <div className="notes-editor">
      <label className="field">
        <span>{t('notes.label')}</span>
        <LimitedText
          multiline
          limit={NOTE_MAX_LENGTH}
          aria-label={t('notes.label')}
          {...notesHint}
          rows={6}
          disabled={!saver}
          placeholder={saver ? t('notes.placeholder') : t('notes.closed')}
          dir="auto"
          value={text}
          onChange={(value) => {
            setText(value);
            setFinalized(null);
            saver?.edit(value);
          }}
          onBlur={() => void saver?.flush()}
        />
      </label>
      {maskNotice && (
        <p role="status" aria-label={t('notes.maskingNotice')} className="mask-notice">
          {maskNotice}
        </p>
      )}
      <div className="notes-actions">
        <span role="status" aria-label={t('notes.saveStatus')} className={state.kind === 'failed' ? 'error' : undefined}>
          {saveStatusWhileGone(state, connected) ?? finalized ?? describe(state)}
        </span>
        <button type="button" disabled={!saver || !text.trim()} onClick={() => void finalize()}>
          {t('notes.save')}
        </button>
      </div>
    </div>
  );
}
