import { useState } from 'react';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH, type AgentErrorShape } from '../../../src/contract';
import { LimitedText } from '../shared/LimitedText';
import { desk } from '../desk';

/**
 * Signing in to the sync server. The password goes to the core once; the core keeps only the
 * server's token, in the keychain. Each agent gets their own store (src/core/workstation.ts); while
 * nobody is signed in the desk works in a signed-out store that is never synced.
 */
export function SignInForm({ server }: { server: string }) {
  const { agent } = desk();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AgentErrorShape | null>(null);

  const submit = async () => {
    setBusy(true);
    const r = await agent.session.signIn({ username, password });
    setBusy(false);
    if (r.ok) setPassword('');
    else setError(r.error);
  };

  return (
    <form
      className="sign-in"
      aria-label="Sign in to the sync server"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <span className="muted" title={server}>
        Sign in to sync
      </span>
      <LimitedText aria-label="Username" autoComplete="username" limit={USERNAME_MAX_LENGTH} value={username} onChange={setUsername} required />
      <LimitedText
        aria-label="Password"
        type="password"
        autoComplete="current-password"
        limit={PASSWORD_MAX_LENGTH}
        value={password}
        onChange={setPassword}
        required
      />
      <button type="submit" disabled={busy}>
        Sign in
      </button>
      {error && (
        <span role="alert" className="error">
          {error.message}
        </span>
      )}
    </form>
  );
}
