import { useEffect, useState } from 'react';
import type { ConsoleMe } from '../../src/contract';
import { consoleApi } from './api';
import { Board } from './board/Board';
import { SignIn } from './sign-in/SignIn';

/** The console: sign-in until there is a session, then the team's board. */
export function App() {
  const [me, setMe] = useState<ConsoleMe | null | 'loading'>('loading');

  useEffect(() => {
    void consoleApi.me().then((r) => setMe(r.ok ? r.value : null));
  }, []);

  if (me === 'loading') return <main className="console loading">Loading…</main>;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  return (
    <Board
      me={me}
      onSignOut={() => {
        void consoleApi.signOut().then(() => setMe(null));
      }}
    />
  );
}
