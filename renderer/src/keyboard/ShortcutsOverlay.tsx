import { useEffect, useRef, useState } from 'react';
import { DEFAULT_SHORTCUTS, GlobalShortcutAction, KeyChord, ShortcutAction, type ShortcutMap } from '../../../src/contract';
import { desk, useKeyboard, useWorkstation } from '../desk';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';
import { actionLabel, chordText, globalActionLabel, problemText } from './shortcut-labels';
import { chordOfPress } from './shortcut-match';
import { useShortcut } from './use-shortcut';

type Slot = { scope: 'keys'; action: ShortcutAction } | { scope: 'global'; action: GlobalShortcutAction };

const withChord = (map: ShortcutMap, slot: Slot, chord: KeyChord | null): ShortcutMap =>
  slot.scope === 'keys' ? { ...map, keys: { ...map.keys, [slot.action]: chord } } : { ...map, global: { ...map.global, [slot.action]: chord } };

/**
 * The `?` overlay: every shortcut, and the agent's own keys for each. A new chord is checked with
 * the core's rule (`shortcutProblems`) before it is sent; a refused one says why and changes nothing.
 */
export function ShortcutsOverlay() {
  const open = useKeyboard((s) => s.overlayOpen);
  const map = useKeyboard((s) => s.map);
  const electron = useWorkstation((s) => s.info?.host === 'electron');
  const { actions } = desk().keyboard;
  const dialog = useRef<HTMLDialogElement>(null);
  const [editing, setEditing] = useState<Slot | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      // Where the agent was, to go back there on close.
      const before = document.activeElement as HTMLElement | null;
      d.showModal();
      setMessage(null);
      return () => before?.focus();
    }
    if (!open && d.open) d.close();
    return undefined;
  }, [open]);

  const save = async (next: ShortcutMap) => {
    const r = await actions.save(next);
    if (r.ok) setMessage({ text: t('shortcuts.saved'), error: false });
    else setMessage({ text: t('shortcuts.notSaved', { why: 'problems' in r ? r.problems.map(problemText).join(' ') : errorText(r.error) }), error: true });
  };

  const capture = (e: React.KeyboardEvent<HTMLElement>) => {
    if (!editing) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
      setEditing(null);
      actions.setCapturing(false);
      return;
    }
    const raw = chordOfPress(e.nativeEvent);
    if (!raw) return; // a lone modifier: wait for the key
    const chord = KeyChord.safeParse(raw);
    setEditing(null);
    actions.setCapturing(false);
    if (!chord.success) {
      setMessage({ text: t('shortcuts.unusableKey'), error: true });
      return;
    }
    void save(withChord(map, editing, chord.data));
  };

  const row = (slot: Slot, label: string, chord: KeyChord | null) => {
    const isEditing = editing?.scope === slot.scope && editing.action === slot.action;
    return (
      <tr key={`${slot.scope}.${slot.action}`}>
        <th scope="row">{label}</th>
        <td>
          <kbd>{chord ? chordText(chord) : t('shortcuts.none')}</kbd>
        </td>
        <td>
          {isEditing ? (
            <button type="button" autoFocus onKeyDown={capture} aria-label={t('shortcuts.pressKeys')}>
              {t('shortcuts.pressKeys')}
            </button>
          ) : (
            <button
              type="button"
              aria-label={t('shortcuts.changeLabel', { action: label })}
              onClick={() => {
                setMessage(null);
                setEditing(slot);
                actions.setCapturing(true);
              }}
            >
              {t('shortcuts.change')}
            </button>
          )}{' '}
          {chord && !isEditing && (
            <button type="button" aria-label={t('shortcuts.clearLabel', { action: label })} onClick={() => void save(withChord(map, slot, null))}>
              {t('shortcuts.clear')}
            </button>
          )}
        </td>
      </tr>
    );
  };

  return (
    <dialog
      ref={dialog}
      className="shortcuts-overlay"
      aria-labelledby="shortcuts-title"
      onClose={() => {
        setEditing(null);
        actions.setOverlay(false);
      }}
      onCancel={(e) => {
        // Esc while choosing keys cancels the choice, not the list.
        if (editing) e.preventDefault();
      }}
    >
      <h2 id="shortcuts-title">{t('shortcuts.overlayTitle')}</h2>
      <p className="muted">{t('shortcuts.overlayIntro')}</p>
      <table aria-label={t('shortcuts.overlayTitle')}>
        <tbody>{ShortcutAction.options.map((a) => row({ scope: 'keys', action: a }, actionLabel(a), map.keys[a]))}</tbody>
      </table>
      {electron && (
        <>
          <h3>{t('shortcuts.globalTitle')}</h3>
          <table aria-label={t('shortcuts.globalTitle')}>
            <tbody>{GlobalShortcutAction.options.map((a) => row({ scope: 'global', action: a }, globalActionLabel(a), map.global[a]))}</tbody>
          </table>
        </>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined}>
          {message.text}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void save(DEFAULT_SHORTCUTS)}>
          {t('shortcuts.reset')}
        </button>
        <button type="button" className="primary" onClick={() => actions.setOverlay(false)}>
          {t('shortcuts.close')}
        </button>
      </div>
    </dialog>
  );
}

/** The top bar's way in, for an agent who does not know `?` yet. */
export function ShortcutsButton() {
  const { actions } = desk().keyboard;
  const hint = useShortcut('help', t('shortcuts.overlayTitle'));
  return (
    <button type="button" className="small" aria-label={t('shortcuts.overlayTitle')} {...hint} onClick={() => actions.setOverlay(true)}>
      {t('shortcuts.openButton')}
    </button>
  );
}
