import type { Handlers, wrapup } from '../../contract';
import type { WorkFlow } from './work-flow';
import type { WrapupRepository } from './wrapup-repository';

export const wrapupHandlers = (repo: WrapupRepository, flow: WorkFlow): Handlers<typeof wrapup> => ({
  current: () => repo.current(),
  dispositionCodes: ({ callId }) => {
    if (callId) repo.callOf(callId);
    return flow.codesFor(callId);
  },
  policy: ({ callId }) => flow.policyFor(callId),
  skip: ({ callId }) => flow.skip(callId),
  save: ({ callId, disposition, callback }) => repo.save(callId, disposition, callback),
  saveScriptPosition: (position) => repo.saveScriptPosition(position),
  // The flow notifies the sync engine, announces the end and moves presence on.
  complete: ({ callId, disposition, callback }) => flow.complete(callId, disposition, callback),
});
