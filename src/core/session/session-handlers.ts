import { AgentError, type Handlers, type Session, type session } from '../../contract';

/** Signing in and out is the sync engine's business; without a server configured there is nothing to sign in to. */
export interface SessionAuth {
  signIn(username: string, password: string): Promise<unknown>;
  signOut(): Promise<unknown>;
}

export const sessionHandlers = (current: () => Session, auth: () => SessionAuth | null = () => null): Handlers<typeof session> => ({
  get: () => current(),
  signIn: async ({ username, password }) => {
    const a = auth();
    if (!a) throw new AgentError('NOT_SIGNED_IN', 'No sync server is configured for this profile.');
    await a.signIn(username, password);
    return current();
  },
  signOut: async () => {
    await auth()?.signOut();
    return current();
  },
});
