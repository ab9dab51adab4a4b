import type { Handlers, scripts } from '../../contract';
import type { LocalChanges } from '../sync/local-changes';
import type { ScriptRepository } from './script-repository';

export const scriptHandlers = (repo: ScriptRepository, changes: LocalChanges): Handlers<typeof scripts> => ({
  forCall: ({ callId }) => repo.forCall(callId),
  problems: () => repo.problems(),
  finish: ({ callId }) => {
    const run = repo.finish(callId);
    // The answers' outbox row is committed: push soon.
    changes.notify();
    return run;
  },
});
