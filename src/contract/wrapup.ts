import { z } from 'zod';
import { CallRecord } from './calls';
import { DispositionCode } from './campaigns';
import { method } from './define';
import { NoteDraft } from './notes';
import { Id, IsoTime } from './sync-protocol';

export const CallbackRequest = z
  .object({
    dueAt: IsoTime,
    note: z.string().trim().max(2000),
  })
  .strict();
export type CallbackRequest = z.infer<typeof CallbackRequest>;


export const WrapupState = z.object({
  disposition: z.string().nullable(),
  callback: CallbackRequest.nullable(),
  savedAt: IsoTime,
});
export type WrapupState = z.infer<typeof WrapupState>;

const ScriptStepRef = z.string().trim().min(1).max(64);
export const ScriptPositionInput = z
  .object({
    callId: Id,
    scriptId: ScriptStepRef,
    scriptVersion: z.number().int().nonnegative(),
    stepId: ScriptStepRef,
    answers: z.record(ScriptStepRef, z.string().max(2000)).refine((a) => Object.keys(a).length <= 200, 'at most 200 answers'),
  })
  .strict();
export const ScriptPosition = ScriptPositionInput.safeExtend({ savedAt: IsoTime });
export type ScriptPosition = z.infer<typeof ScriptPosition>;

/** Everything the agent had open for a call: restored exactly as last saved after a crash. */
export const OpenWork = z.object({
  call: CallRecord,
  wrapup: WrapupState.nullable(),
  draft: NoteDraft.nullable(),
  script: ScriptPosition.nullable(),
});
export type OpenWork = z.infer<typeof OpenWork>;

export const wrapup = {
  /** The call whose wrap-up is still open, with its saved state, or null. */
  current: method(z.object({}).strict(), OpenWork.nullable()),
  dispositionCodes: method(z.object({}).strict(), z.array(DispositionCode)),
  /** Saves the wrap-up form as it is now; local only until complete. */
  save: method(
    z
      .object({
        callId: Id,
        disposition: z.string().trim().min(1).max(64).nullable(),
        callback: CallbackRequest.nullable(),
      })
      .strict(),
    WrapupState,
  ),
  saveScriptPosition: method(ScriptPositionInput, ScriptPosition),
  /** Submits the disposition, the callback and any draft note, together, for the server. */
  complete: method(
    z
      .object({
        callId: Id,
        disposition: z.string().trim().min(1).max(64),
        callback: CallbackRequest.optional(),
      })
      .strict(),
    z.object({ callId: Id, completedAt: IsoTime, noteId: Id.nullable(), callbackId: Id.nullable() }),
  ),
} as const;
