import type { AgentApi, AgentErrorShape, Note, NoteTarget } from '../../../src/contract';

/** Longest pause in typing before the draft is saved; the issue allows up to 300 ms. */
export const AUTOSAVE_DEBOUNCE_MS = 250;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; error: AgentErrorShape };

/**
 * The notes editor's saving, outside React: every pause in typing saves the whole draft through
 * the API, one save at a time and always the newest text, each with a higher revision so the
 * core can ignore anything stale. "Saved" is shown only after the core acknowledged a durable
 * commit of exactly the text on screen.
 */
export class NoteAutosaver {
  private text = '';
  private savedText = '';
  private revision: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private state: SaveState = { kind: 'idle' };
  private readonly listeners = new Set<(s: SaveState) => void>();

  constructor(
    private readonly agent: AgentApi,
    readonly target: NoteTarget,
    restored: { body: string; revision: number } | null,
    private readonly debounceMs = AUTOSAVE_DEBOUNCE_MS,
  ) {
    this.text = this.savedText = restored?.body ?? '';
    this.revision = restored?.revision ?? 0;
  }

  get body(): string {
    return this.text;
  }

  get saveState(): SaveState {
    return this.state;
  }

  onState(listener: (s: SaveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: SaveState): void {
    this.state = state;
    for (const l of [...this.listeners]) l(state);
  }

  /** The agent typed: save after the pause. */
  edit(text: string): void {
    this.text = text;
    this.set({ kind: 'unsaved' });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
  }

  /** Saves now (on blur, before finalizing, before the window goes); resolves when durable or failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight) await this.inFlight;
    if (this.text === this.savedText && this.state.kind !== 'failed') {
      if (this.state.kind === 'unsaved') this.set({ kind: 'saved', at: new Date().toISOString() });
      return;
    }
    const body = this.text;
    const revision = ++this.revision;
    this.set({ kind: 'saving' });
    this.inFlight = (async () => {
      const r = await this.agent.notes.saveDraft({ target: this.target, body, revision });
      if (r.ok) {
        this.savedText = body;
        // Typing went on while this save was in flight: that text still waits for its pause.
        this.set(this.text === body ? { kind: 'saved', at: r.value.draft.savedAt } : { kind: 'unsaved' });
      } else {
        this.set({ kind: 'failed', error: r.error });
      }
    })();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  /** Turns the text into a note for the server and starts a fresh draft. */
  async finalize(): Promise<{ ok: true; note: Note } | { ok: false; error: AgentErrorShape }> {
    await this.flush();
    const body = this.text;
    const r = await this.agent.notes.finalize({ target: this.target, body });
    if (!r.ok) {
      this.set({ kind: 'failed', error: r.error });
      return { ok: false, error: r.error };
    }
    if (this.text === body) this.text = '';
    this.savedText = '';
    this.set({ kind: 'idle' });
    if (this.text) this.edit(this.text);
    return { ok: true, note: r.value };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }
}
