import type { Handlers, notes } from '../../contract';
import type { LocalChanges } from '../sync/local-changes';
import type { NoteRepository } from './note-repository';

export const noteHandlers = (repo: NoteRepository, changes: LocalChanges): Handlers<typeof notes> => ({
  saveDraft: ({ target, body, revision }) => repo.saveDraft(target, body, revision),
  getDraft: ({ target }) => repo.getDraft(target),
  finalize: ({ target, body }) => {
    const note = repo.finalize(target, body);
    changes.notify();
    return note;
  },
  list: ({ target }) => repo.list(target),
});
