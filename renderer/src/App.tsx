import { useTranslation } from 'react-i18next';
import { UpcomingCallbacks } from './callbacks/UpcomingCallbacks';
import { CustomerPanel } from './customer/CustomerPanel';
import { ScriptNotesPanel } from './script-and-notes/ScriptNotesPanel';
import { MessagesBanner } from './messages/MessagesBanner';
import { SignInForm, SignOutButton } from './sign-in/SignInForm';
import { sessionEndingText, sessionNoticeText } from './sign-in/session-end';
import { SoftphonePanel } from './softphone/SoftphonePanel';
import { StatusBar } from './status-bar/StatusBar';
import { useWorkstation } from './desk';
import { LanguagePicker } from './i18n/LanguagePicker';
import { errorDetail } from './i18n/error-text';
import { ShortcutsButton, ShortcutsOverlay } from './keyboard/ShortcutsOverlay';

export function App() {
  // The whole desk re-renders in the new language when the agent picks one.
  const { t } = useTranslation();
  const agentName = useWorkstation((s) => s.session?.agent?.displayName ?? null);
  const demo = useWorkstation((s) => s.session?.demo ?? false);
  const connected = useWorkstation((s) => s.connected);
  const everConnected = useWorkstation((s) => s.session !== null);
  const takenOver = useWorkstation((s) => s.takenOver);
  const refused = useWorkstation((s) => s.refused);
  const signInTo = useWorkstation((s) => (s.session?.syncServer && !s.session.agent ? s.session.syncServer : null));
  const ending = useWorkstation((s) => s.session?.ending ?? null);
  const notice = useWorkstation((s) => (s.session?.agent ? null : (s.session?.notice ?? null)));
  // Signing out only means something where agents sign in: a profile with a sync server.
  const canSignOut = useWorkstation((s) => Boolean(s.session?.syncServer && s.session.agent && !s.session.demo));
  if (refused) {
    return (
      <div className="shell taken-over">
        <p role="alert" aria-label={t('desk.refusedName')} className="core-gone">
          {t(refused === 'call' ? 'desk.refusedCall' : 'desk.refusedWrapup')}
        </p>
      </div>
    );
  }
  if (takenOver) {
    return (
      <div className="shell taken-over">
        <p role="alert" aria-label={t('app.deskTakenOver')} className="core-gone">
          {t('app.takenOver')}
        </p>
      </div>
    );
  }
  return (
    <div className="shell">
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        {demo && <span className="badge">{t('app.demoProfile')}</span>}
        <bdi className="agent-name" aria-label={t('app.signedInAgent')}>
          {agentName ?? t('app.notSignedIn')}
        </bdi>
        {signInTo && <SignInForm server={signInTo} />}
        {canSignOut && <SignOutButton />}
        <ShortcutsButton />
        <LanguagePicker />
      </header>
      {!connected && everConnected && (
        <p role="alert" aria-label={t('app.workstationCore')} className="core-gone">
          {t('app.coreGone')}
        </p>
      )}
      {ending && (
        <p role="alert" aria-label={t('sessionEnd.ending')} title={errorDetail(ending)} className="core-gone">
          {sessionEndingText(ending)}
        </p>
      )}
      {notice && (
        <p role="status" aria-label={t('sessionEnd.signedOut')} title={errorDetail(notice)} className="core-gone">
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
