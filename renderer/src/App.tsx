import { UpcomingCallbacks } from './callbacks/UpcomingCallbacks';
import { CustomerPanel } from './customer/CustomerPanel';
import { ScriptNotesPanel } from './script-and-notes/ScriptNotesPanel';
import { MessagesBanner } from './messages/MessagesBanner';
import { SignInForm } from './sign-in/SignInForm';
import { SoftphonePanel } from './softphone/SoftphonePanel';
import { StatusBar } from './status-bar/StatusBar';
import { useWorkstation } from './desk';

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
      <MessagesBanner />
      <main className="panels">
        <SoftphonePanel />
        <CustomerPanel />
        <div className="panel-column">
          <ScriptNotesPanel />
          <UpcomingCallbacks />
        </div>
      </main>
      <StatusBar />
    </div>
  );
}
