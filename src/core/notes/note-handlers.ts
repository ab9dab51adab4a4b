import type { Handlers, notes } from '../../contract';
import type { NoteRepository } from './note-repository';

export const noteHandlers = (repo: NoteRepository): Handlers<typeof notes> => ({
  saveDraft: ({ target, body, revision }) => repo.saveDraft(target, body, revision),
  getDraft: ({ target }) => repo.getDraft(target),
  finalize: ({ target, body }) => repo.finalize(target, body),
  list: ({ target }) => repo.list(target),
});
