import type { Handlers, scripts } from '../../contract';
import type { ScriptRepository } from './script-repository';

export const scriptHandlers = (repo: ScriptRepository): Handlers<typeof scripts> => ({
  forCall: ({ callId }) => repo.forCall(callId),
  problems: () => repo.problems(),
  finish: ({ callId }) => repo.finish(callId),
});
