import type { Handlers, Session, session } from '../../contract';

export const sessionHandlers = (current: () => Session): Handlers<typeof session> => ({
  get: () => current(),
});
