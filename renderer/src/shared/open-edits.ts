import { t } from '../i18n/i18n';

/**
 * The editors open on the desk whose text is saved as the agent types (the call's notes, the
 * script's answers). Submitting the wrap-up first saves each of them and stops if one fails, so
 * a wrap-up is never submitted while what the agent typed is not stored (issue 16 A4).
 */
export interface OpenEdit {
  /** What the agent calls it: the call's notes or the script's answers. */
  what: 'notes' | 'answers';
  /** Saves now; true once durable, false if the save failed. */
  flush(): Promise<boolean>;
  /** Why the last save failed, in the agent's words, or null. */
  failure(): string | null;
}

const open = new Set<OpenEdit>();

/** Registers an open editor until the returned function is called (when it closes). */
export function registerOpenEdit(edit: OpenEdit): () => void {
  open.add(edit);
  return () => open.delete(edit);
}

/** Saves every open editor; the first that cannot be saved is named with its reason. */
export async function saveOpenEdits(): Promise<{ ok: true } | { ok: false; message: string }> {
  for (const edit of [...open]) {
    if (!(await edit.flush())) {
      const why = edit.failure();
      return { ok: false, message: t('wrapup.editsNotSaved', { what: t(`wrapup.what.${edit.what}`), why: why ? t('wrapup.editsWhy', { reason: why }) : '' }) };
    }
  }
  return { ok: true };
}
