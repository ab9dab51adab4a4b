import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH, type AgentErrorShape } from '../../../src/contract';
import { LimitedText } from '../shared/LimitedText';
import { desk } from '../desk';
import { errorDetail, errorText } from '../i18n/error-text';

/**
 * Signing in to the sync server. The password goes to the core once; the core keeps only the
 * server's token, in the keychain. Each agent gets their own store (src/core/workstation.ts); while
 * nobody is signed in the desk works in a signed-out store that is never synced. Each field has a
 * visible label that also names it for screen readers.
 */
export function SignInForm({ server }: { server: string }) {
  const { t } = useTranslation();
  const { agent } = desk();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AgentErrorShape | null>(null);
  const userId = useId();
  const passwordId = useId();

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
      aria-label={t('signIn.form')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <span className="muted" title={server}>
        {t('signIn.prompt')}
      </span>
      <label htmlFor={userId}>{t('signIn.username')}</label>
      <LimitedText id={userId} autoComplete="username" limit={USERNAME_MAX_LENGTH} value={username} onChange={setUsername} required />
      <label htmlFor={passwordId}>{t('signIn.password')}</label>
      <LimitedText id={passwordId} type="password" autoComplete="current-password" limit={PASSWORD_MAX_LENGTH} value={password} onChange={setPassword} required />
      <button type="submit" disabled={busy}>
        {busy ? t('signIn.signingIn') : t('signIn.submit')}
      </button>
      {error && (
        <span role="alert" className="error" title={errorDetail(error)}>
          {errorText(error)}
        </span>
      )}
    </form>
  );
}

/**
 * "Sign out": the core sends what is still waiting in the outbox first, then closes this agent's
 * store; the page starts over signed out (main.tsx reloads when the agent changes).
 */
export function SignOutButton() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AgentErrorShape | null>(null);
  const signOut = async () => {
    setBusy(true);
    const r = await desk().agent.session.signOut({});
    setBusy(false);
    setError(r.ok ? null : r.error);
  };
  return (
    <>
      <button type="button" className="small" disabled={busy} title={t('signIn.signOutTitle')} onClick={() => void signOut()}>
        {t('signIn.signOut')}
      </button>
      {error && (
        <span role="alert" className="error" title={errorDetail(error)}>
          {t('signIn.signOutFailed', { reason: errorText(error) })}
        </span>
      )}
    </>
  );
}
