import { z } from 'zod';
import { CallScriptDocument, type ScriptVariables } from './call-script';
import { method } from './define';
import { Id, IsoTime } from '../shared/primitives';
import { ScriptPosition } from './wrapup';

/**
 * The `scripts` group: which call script a call uses, filled-in variables, the agent's run
 * through it, and the script versions this workstation refused. Runs are saved through
 * wrapup.saveScriptPosition as the agent goes; scripts.finish hands the answers to the server.
 */

/** A pulled script version that failed validation: it was not installed, the previous one stays. */
export const ScriptProblem = z.object({
  scriptId: z.string(),
  version: z.number().int(),
  name: z.string(),
  /** What is wrong with the document, for people (the zod issues, with page and field names). */
  message: z.string(),
  refusedAt: IsoTime,
  /** The version still in use, or null when no valid version is on this workstation. */
  inUseVersion: z.number().int().nullable(),
  /** The whole sentence the script panel shows. */
  summary: z.string(),
});
export type ScriptProblem = z.infer<typeof ScriptProblem>;

export const ScriptVariablesShape = z.object({
  contact: z.object({ firstName: z.string(), lastName: z.string(), company: z.string() }),
  agent: z.object({ name: z.string() }),
  call: z.object({ number: z.string() }),
}) satisfies z.ZodType<ScriptVariables>;

/** The run as stored: ScriptPosition plus when it was finished (answers sent to the server). */
export const ScriptRun = ScriptPosition.safeExtend({ finishedAt: IsoTime.nullable() });
export type ScriptRun = z.infer<typeof ScriptRun>;

export const CallScriptView = z.object({
  callId: Id,
  /** The script this call uses: its run's, else its campaign's, else the active campaign's; null: none. */
  scriptId: z.string().nullable(),
  /** The installed (validated) document, or null when none is on this workstation. */
  script: CallScriptDocument.nullable(),
  variables: ScriptVariablesShape,
  run: ScriptRun.nullable(),
  /** Newer versions of this script that were refused. */
  problems: z.array(ScriptProblem),
});
export type CallScriptView = z.infer<typeof CallScriptView>;

export const scripts = {
  /** The script a call uses, with its variables and the agent's saved run. SCRIPT_INVALID if the stored document no longer validates. */
  forCall: method(z.object({ callId: Id }).strict(), CallScriptView),
  /** Every script version this workstation refused, newest first. */
  problems: method(z.object({}).strict(), z.array(ScriptProblem)),
  /** Ends the call's run and queues its answers for the server; a second finish returns the run unchanged. */
  finish: method(z.object({ callId: Id }).strict(), ScriptRun),
} as const;

export const scriptsEvents = {
  /** Scripts were installed or refused by a pull: the panel reloads. */
  'scripts.changed': z.object({}),
} as const;
