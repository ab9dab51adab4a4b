import type { Handlers, wrapup } from '../../contract';
import type { LocalChanges } from '../sync/local-changes';
import type { WrapupRepository } from './wrapup-repository';

export const wrapupHandlers = (repo: WrapupRepository, changes: LocalChanges): Handlers<typeof wrapup> => ({
  current: () => repo.current(),
  dispositionCodes: () => repo.dispositionCodes(),
  save: ({ callId, disposition, callback }) => repo.save(callId, disposition, callback),
  saveScriptPosition: (position) => repo.saveScriptPosition(position),
  complete: ({ callId, disposition, callback }) => {
    const done = repo.complete(callId, disposition, callback);
    changes.notify();
    return done;
  },
});
