import type { CallbackRequest, Result, WrapupState } from '../../../src/contract';
import { DurableSaver } from '../shared/durable-saver';

/** Longest pause after a change before the wrap-up is saved, as for the notes and the script. */
export const WRAPUP_SAVE_DEBOUNCE_MS = 250;

/** The wrap-up form as it stands before it is submitted. */
export interface WrapupChoice {
  /** The chosen disposition code, or null while none is chosen. */
  readonly disposition: string | null;
  /** The callback to schedule, or null for none (or while its date and time are incomplete). */
  readonly callback: CallbackRequest | null;
}

type SaveWrapup = (input: WrapupChoice & { callId: string }) => Promise<Result<WrapupState>>;

const same = (a: WrapupChoice, b: WrapupChoice) =>
  a.disposition === b.disposition && a.callback?.dueAt === b.callback?.dueAt && a.callback?.note === b.callback?.note;

/**
 * Saves a call's wrap-up form through the same DurableSaver as the notes and the script: after
 * each pause in changes, one save at a time, the newest choice, and "saved" only once the core
 * acknowledged exactly what is on screen (a save answered while a newer choice is still on its
 * way does not count). `restored` is what the form opened with, already stored.
 */
export function createWrapupSaver(
  save: SaveWrapup,
  callId: string,
  restored: { choice: WrapupChoice; savedAt: string | null },
  debounceMs = WRAPUP_SAVE_DEBOUNCE_MS,
): DurableSaver<WrapupChoice> {
  return new DurableSaver<WrapupChoice>(
    async (choice) => {
      const r = await save({ callId, disposition: choice.disposition, callback: choice.callback });
      return r.ok ? { ok: true, value: { savedAt: r.value.savedAt } } : r;
    },
    same,
    { value: restored.choice, savedAt: restored.savedAt },
    debounceMs,
  );
}
