import type { MaskedNumbers, Result, ScriptPosition } from '../../../src/contract';
import { DurableSaver, type SaveState } from '../shared/durable-saver';

/** Longest pause after a change before the run is saved, as for the notes. */
export const SCRIPT_SAVE_DEBOUNCE_MS = 250;

export interface RunPosition {
  scriptId: string;
  scriptVersion: number;
  stepId: string;
  answers: Record<string, string>;
}

export type RunSaveState = SaveState;

type Save = (input: RunPosition & { callId: string }) => Promise<Result<ScriptPosition & { masked?: MaskedNumbers }>>;

const same = (a: RunPosition, b: RunPosition) =>
  a.scriptId === b.scriptId &&
  a.scriptVersion === b.scriptVersion &&
  a.stepId === b.stepId &&
  JSON.stringify(a.answers) === JSON.stringify(b.answers);

/**
 * Saves a call's place in its script and its answers: each change after a short pause (a page
 * change at once, through flush), one save at a time, the newest position, "saved" only once
 * durable (DurableSaver), so what the agent sees saved survives a crash.
 */
export class ScriptRunSaver {
  private readonly saver: DurableSaver<RunPosition>;

  constructor(
    save: Save,
    readonly callId: string,
    restored: (RunPosition & { savedAt: string }) | null,
    debounceMs = SCRIPT_SAVE_DEBOUNCE_MS,
    /** The core masked card or CNIC numbers in the answers it stored (issue 15 B3). */
    onMasked: (m: MaskedNumbers) => void = () => undefined,
  ) {
    this.saver = new DurableSaver<RunPosition>(
      async (position) => {
        const r = await save({ callId, ...position, answers: { ...position.answers } });
        if (r.ok && r.value.masked && (r.value.masked.cards > 0 || r.value.masked.cnics > 0)) onMasked(r.value.masked);
        return r.ok ? { ok: true, value: { savedAt: r.value.savedAt } } : r;
      },
      same,
      restored ? { value: restored, savedAt: restored.savedAt } : null,
      debounceMs,
    );
  }

  get state(): RunSaveState {
    return this.saver.state;
  }

  onState(listener: (s: RunSaveState) => void): () => void {
    return this.saver.onState(listener);
  }

  /** The agent changed an answer or the page: save after the pause. */
  update(position: RunPosition): void {
    this.saver.change(position);
  }

  /** Saves now; resolves true once the newest position is durable, false if the save failed. */
  flush(): Promise<boolean> {
    return this.saver.flush();
  }

  dispose(): void {
    this.saver.dispose();
  }
}
