import { CrmPanel } from './components/CrmPanel';
import { UpcomingCallbacks } from './components/callbacks/UpcomingCallbacks';
import { ScriptNotesPanel } from './components/ScriptNotesPanel';
import { SignInForm } from './components/SignInForm';
import { SoftphonePanel } from './components/SoftphonePanel';
import { StatusBar } from './components/StatusBar';
import { useWorkstation } from './agent/agent-context';

export function App() {
  const agentName = useWorkstation((s) => s.session?.agent?.displayName ?? null);
  const demo = useWorkstation((s) => s.session?.demo ?? false);
  const signInTo = useWorkstation((s) => (s.session?.syncServer && !s.session.agent ? s.session.syncServer : null));
  return (
    <div className="shell">
      <header className="topbar">
        <h1>Agent Workstation</h1>
        {demo && <span className="badge">Demo profile</span>}
        <span className="agent-name" aria-label="Signed-in agent">
          {agentName ?? 'Not signed in'}
        </span>
        {signInTo && <SignInForm server={signInTo} />}
      </header>
      <main className="panels">
        <SoftphonePanel />
        <CrmPanel />
        <div className="panel-column">
          <ScriptNotesPanel />
          <UpcomingCallbacks />
        </div>
      </main>
      <StatusBar />
    </div>
  );
}
