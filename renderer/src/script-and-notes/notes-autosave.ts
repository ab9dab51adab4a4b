import type { AgentApi, AgentErrorShape, MaskedNumbers, Note, NoteTarget } from '../../../src/contract';
import { DurableSaver, type SaveState } from '../shared/durable-saver';

export type { SaveState } from '../shared/durable-saver';

/** Longest pause in typing before the draft is saved; the issue allows up to 300 ms. */
export const AUTOSAVE_DEBOUNCE_MS = 250;

/**
 * The notes editor's saving: every pause in typing (and every MAX_UNSAVED_MS of typing on) saves the whole draft through the API, each
 * save with a higher revision so the core can ignore anything stale (DurableSaver keeps them
 * one at a time, newest text, "saved" only once durable).
 */
export class NoteAutosaver {
  private revision: number;
  private readonly saver: DurableSaver<string>;
  private readonly maskedListeners = new Set<(m: MaskedNumbers) => void>();

  constructor(
    private readonly agent: AgentApi,
    readonly target: NoteTarget,
    restored: { body: string; revision: number } | null,
    debounceMs = AUTOSAVE_DEBOUNCE_MS,
  ) {
    this.revision = restored?.revision ?? 0;
    this.saver = new DurableSaver<string>(
      async (body) => {
        const r = await this.agent.notes.saveDraft({ target: this.target, body, revision: ++this.revision });
        if (r.ok && (r.value.masked.cards > 0 || r.value.masked.cnics > 0)) for (const l of [...this.maskedListeners]) l(r.value.masked);
        return r.ok ? { ok: true, value: { savedAt: r.value.draft.savedAt } } : r;
      },
      (a, b) => a === b,
      { value: restored?.body ?? '', savedAt: null },
      debounceMs,
    );
  }

  get body(): string {
    return this.saver.value ?? '';
  }

  get saveState(): SaveState {
    return this.saver.state;
  }

  onState(listener: (s: SaveState) => void): () => void {
    return this.saver.onState(listener);
  }

  /** The core masked card or CNIC numbers in a saved draft: the editor shows the masked text and says so. */
  onMasked(listener: (m: MaskedNumbers) => void): () => void {
    this.maskedListeners.add(listener);
    return () => this.maskedListeners.delete(listener);
  }

  /** The agent typed: save after the pause. */
  edit(text: string): void {
    this.saver.change(text);
  }

  /** Saves now (on blur, before finalizing, before the window goes); resolves when durable or failed. */
  async flush(): Promise<boolean> {
    return this.saver.flush();
  }

  /** Turns the text into a note for the server and starts a fresh draft. */
  async finalize(): Promise<{ ok: true; note: Note } | { ok: false; error: AgentErrorShape }> {
    await this.saver.flush();
    const body = this.body;
    const r = await this.agent.notes.finalize({ target: this.target, body });
    if (!r.ok) {
      this.saver.reportFailure(r.error);
      return { ok: false, error: r.error };
    }
    // Typing that went on while finalizing belongs to the next draft.
    const typedSince = this.body === body ? '' : this.body;
    this.saver.reset('');
    if (typedSince) this.saver.change(typedSince);
    return { ok: true, note: r.value };
  }

  dispose(): void {
    this.maskedListeners.clear();
    this.saver.dispose();
  }
}
