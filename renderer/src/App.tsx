import { UpcomingCallbacks } from './callbacks/UpcomingCallbacks';
import { CustomerPanel } from './customer/CustomerPanel';
import { ScriptNotesPanel } from './script-and-notes/ScriptNotesPanel';
import { MessagesBanner } from './messages/MessagesBanner';
import { SignInForm } from './sign-in/SignInForm';
import { sessionEndingText, sessionNoticeText } from './sign-in/session-end';
import { SoftphonePanel } from './softphone/SoftphonePanel';
import { StatusBar } from './status-bar/StatusBar';
import { useWorkstation } from './desk';
import { ShortcutsButton, ShortcutsOverlay } from './keyboard/ShortcutsOverlay';
import { DESK_REFUSED_TEXT } from './keyboard/shortcut-labels';
import { CORE_GONE_BANNER, TAKEN_OVER_MESSAGE } from './shared/core-connection';

export function App() {
  const agentName = useWorkstation((s) => s.session?.agent?.displayName ?? null);
  const demo = useWorkstation((s) => s.session?.demo ?? false);
  const connected = useWorkstation((s) => s.connected);
  const everConnected = useWorkstation((s) => s.session !== null);
  const takenOver = useWorkstation((s) => s.takenOver);
  const refused = useWorkstation((s) => s.refused);
  const signInTo = useWorkstation((s) => (s.session?.syncServer && !s.session.agent ? s.session.syncServer : null));
  const ending = useWorkstation((s) => s.session?.ending ?? null);
  const notice = useWorkstation((s) => (s.session?.agent ? null : (s.session?.notice ?? null)));
  if (refused) {
    return (
      <div className="shell taken-over">
        <p role="alert" aria-label={DESK_REFUSED_TEXT.name} className="core-gone">
          {DESK_REFUSED_TEXT[refused]}
        </p>
      </div>
    );
  }
  if (takenOver) {
    return (
      <div className="shell taken-over">
        <p role="alert" aria-label="Desk taken over" className="core-gone">
          {TAKEN_OVER_MESSAGE}
        </p>
      </div>
    );
  }
  return (
    <div className="shell">
      <header className="topbar">
        <h1>Agent Workstation</h1>
        {demo && <span className="badge">Demo profile</span>}
        <span className="agent-name" aria-label="Signed-in agent">
          {agentName ?? 'Not signed in'}
        </span>
        {signInTo && <SignInForm server={signInTo} />}
        <ShortcutsButton />
      </header>
      {!connected && everConnected && (
        <p role="alert" aria-label="Workstation core" className="core-gone">
          {CORE_GONE_BANNER}
        </p>
      )}
      {ending && (
        <p role="alert" aria-label="Session ending" className="core-gone">
          {sessionEndingText(ending)}
        </p>
      )}
      {notice && (
        <p role="status" aria-label="Signed out by the server" className="core-gone">
          {sessionNoticeText(notice)}
        </p>
      )}
      <MessagesBanner />
      <main className="panels" aria-busy={!connected}>
        <SoftphonePanel />
        <CustomerPanel />
        <div className="panel-column">
          <ScriptNotesPanel />
          <UpcomingCallbacks />
        </div>
      </main>
      <StatusBar />
      <ShortcutsOverlay />
    </div>
  );
}
