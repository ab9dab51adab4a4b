import { z } from 'zod';
import { WrapupRule, WrapupAllowance } from './wrapup-rule';
import { CallRecord } from './calls';
import { CampaignId, DispositionCode } from './campaigns';
import { CALLBACK_NOTE_MAX_LENGTH, ScriptAnswerMap } from '../shared/text-limits';
import { method } from './define';
import { NoteDraft } from './notes';
import { Id, IsoTime } from '../shared/primitives';
import { MaskedNumbers } from '../shared/sensitive-numbers';

export const CallbackRequest = z
  .object({
    dueAt: IsoTime,
    note: z.string().trim().max(CALLBACK_NOTE_MAX_LENGTH),
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
    answers: ScriptAnswerMap,
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

/**
 * The wrap-up rule of a call's wrap-up: its campaign's policy (no campaign: mandatory)
 * and what it allows now, so the form can show a countdown or a Skip button.
 */
export const WrapupPolicy = z.object({
  callId: Id,
  /** The campaign whose rule and dispositions apply: the call's own, else the one the agent works. */
  campaignId: CampaignId.nullable(),
  campaignName: z.string().nullable(),
  policy: WrapupRule,
  status: WrapupAllowance,
  /** When the call ended (the timed countdown runs from here); null while it is live. */
  endedAt: IsoTime.nullable(),
  /** When a timed wrap-up ends by itself; null for the other modes or a live call. */
  endsAt: IsoTime.nullable(),
});
export type WrapupPolicy = z.infer<typeof WrapupPolicy>;

/** How a wrap-up was closed: submitted by the agent, skipped (optional mode) or ended by its timer. */
export const WrapupClosedHow = z.enum(['submitted', 'skipped', 'timed-out']);
export type WrapupClosedHow = z.infer<typeof WrapupClosedHow>;

export const WrapupClosed = z.object({
  callId: Id,
  how: WrapupClosedHow,
  disposition: z.string().nullable(),
  at: IsoTime,
});
export type WrapupClosed = z.infer<typeof WrapupClosed>;

const CallRef = z.object({ callId: Id }).strict();

export const wrapup = {
  /** The call whose wrap-up is still open, with its saved state, or null. */
  current: method(z.object({}).strict(), OpenWork.nullable()),
  /** The codes of the call's campaign (else the campaign the agent works, else the built-in codes). */
  dispositionCodes: method(z.object({ callId: Id.optional() }).strict(), z.array(DispositionCode)),
  /** The wrap-up rule of the call's wrap-up and what it allows now. */
  policy: method(CallRef, WrapupPolicy),
  /** Leaves the wrap-up without a disposition: only in optional mode (CONFLICT otherwise). A typed draft note is kept. */
  skip: method(CallRef, z.object({ callId: Id, skippedAt: IsoTime, noteId: Id.nullable() })),
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
  /** Saves the call's place in its script; card and CNIC numbers in answers are masked first (`masked` says how many). */
  saveScriptPosition: method(ScriptPositionInput, ScriptPosition.safeExtend({ masked: MaskedNumbers })),
  /**
   * Submits the disposition, the callback and any draft note, together, for the server. A code
   * the call's campaign doesn't have is refused (INVALID_INPUT).
   */
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

export const wrapupEvents = {
  /** A wrap-up ended: the form closes, also when the core's timer ended it with the window closed. */
  'wrapup.closed': WrapupClosed,
} as const;
