import type { AgentErrorShape, Result } from '../../../src/contract';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; error: AgentErrorShape };

/** Stores one value through the agent API; resolves once the core committed it durably. */
export type SaveDurably<T> = (value: T) => Promise<Result<{ savedAt: string }>>;

/**
 * Longest a change waits unsaved while the agent keeps typing without a pause (issue 16 A3: a
 * power cut loses at most the last second). Half the promise, so the save's own round trip
 * and commit fit in the other half.
 */
export const MAX_UNSAVED_MS = 500;

/**
 * Saves what the agent is editing (a note, a script run), outside React: after each pause in
 * changes, and at least every `maxWaitMs` while changes keep coming; one save at a time, always
 * the newest value. "Saved" is reported only once the
 * core acknowledged a durable commit of exactly the value on screen, so what the agent sees
 * saved survives a power cut.
 */
/** Every saver alive, so a laptop going to sleep can flush them all (weakly held: a closed form's saver goes). */
const savers = new Set<WeakRef<{ flush(): Promise<boolean> }>>();

/**
 * Saves every pending draft now (notes, script answers, wrap-ups): the laptop is going to sleep
 * and may not wake before its battery dies. True when all are durable.
 */
export async function flushAllSavers(): Promise<boolean> {
  const results = await Promise.all(
    [...savers].map((ref) => {
      const saver = ref.deref();
      if (!saver) savers.delete(ref);
      return saver ? saver.flush() : Promise.resolve(true);
    }),
  );
  return results.every(Boolean);
}

export class DurableSaver<T> {
  private latest: T | null;
  private saved: T | null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Armed by the first unsaved change; fires even if the pause never comes. */
  private maxTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private current: SaveState;
  private readonly listeners = new Set<(s: SaveState) => void>();

  constructor(
    private readonly save: SaveDurably<T>,
    private readonly same: (a: T, b: T) => boolean,
    restored: { value: T; savedAt: string | null } | null,
    private readonly debounceMs: number,
    private readonly maxWaitMs: number = MAX_UNSAVED_MS,
  ) {
    this.latest = this.saved = restored?.value ?? null;
    this.current = restored?.savedAt ? { kind: 'saved', at: restored.savedAt } : { kind: 'idle' };
    savers.add(new WeakRef(this));
  }

  get state(): SaveState {
    return this.current;
  }

  /** The newest value, saved or not. */
  get value(): T | null {
    return this.latest;
  }

  onState(listener: (s: SaveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: SaveState): void {
    this.current = state;
    for (const l of [...this.listeners]) l(state);
  }

  private isSaved(value: T): boolean {
    return this.saved !== null && this.same(this.saved, value);
  }

  /** The agent changed something: save after the pause, or after `maxWaitMs` if no pause comes. */
  change(value: T): void {
    this.latest = value;
    if (this.isSaved(value) && this.current.kind !== 'failed' && this.current.kind !== 'unsaved') return;
    this.set({ kind: 'unsaved' });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
    this.maxTimer ??= setTimeout(() => {
      this.maxTimer = null;
      void this.flush();
    }, this.maxWaitMs);
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.timer = this.maxTimer = null;
  }

  /** Saves now; resolves true once the newest value is durable, false if the save failed. */
  async flush(): Promise<boolean> {
    this.clearTimers();
    while (this.inFlight) await this.inFlight;
    const value = this.latest;
    if (value === null) return true;
    if (this.isSaved(value) && this.current.kind !== 'failed') {
      if (this.current.kind === 'unsaved') this.set({ kind: 'saved', at: new Date().toISOString() });
      return true;
    }
    this.set({ kind: 'saving' });
    let ok = false;
    this.inFlight = (async () => {
      const r = await this.save(value);
      if (r.ok) {
        ok = true;
        this.saved = value;
        // A change made while this save was in flight already marked it unsaved.
        if (this.latest !== null && this.same(this.latest, value)) this.set({ kind: 'saved', at: r.value.savedAt });
      } else {
        this.set({ kind: 'failed', error: r.error });
      }
    })();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    // Changes made while this save was in flight still need theirs.
    if (ok && this.latest !== null && !this.same(this.latest, value)) return this.flush();
    return ok;
  }

  /** Starts over from `value` as saved (a finalized note leaves an empty draft behind). */
  reset(value: T): void {
    this.clearTimers();
    this.latest = this.saved = value;
    this.set({ kind: 'idle' });
  }

  /** Reports a failure that happened outside a save (finalizing, say) to the same listeners. */
  reportFailure(error: AgentErrorShape): void {
    this.set({ kind: 'failed', error });
  }

  dispose(): void {
    this.clearTimers();
    this.listeners.clear();
  }
}
