import { useState, type FormEvent } from 'react';
import type { ConsoleMe } from '../../../src/contract';
import { consoleApi } from '../api';

export function SignIn({ onSignedIn }: { onSignedIn: (me: ConsoleMe) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await consoleApi.signIn(username, password);
    setBusy(false);
    if (r.ok) onSignedIn(r.value);
    else setError(r.message);
  };

  return (
    <main className="console sign-in">
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in to the team console">
        <h1>Team console</h1>
        <label>
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy || !username || !password}>
          Sign in
        </button>
      </form>
    </main>
  );
}
