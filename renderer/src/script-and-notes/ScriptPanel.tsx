import { useTranslation } from 'react-i18next';
import { desk, useScript } from '../desk';
import { errorDetail, errorText } from '../i18n/error-text';
import { ScriptRunner } from './ScriptRunner';
import './script.css';

/**
 * The call script part of the script and notes panel: the script the open call uses, or why
 * there is none (no script for the campaign, a refused version, a damaged stored script).
 * Its state is the script store's (script-store.ts), which reloads when a pull installs or
 * refuses a script.
 */
export function ScriptPanel() {
  const { t } = useTranslation();
  const load = useScript((s) => s.load);
  if (load.kind === 'none') return <p className="empty">{t('script.appearsDuringCall')}</p>;
  if (load.kind === 'loading') return <p className="empty">{t('script.loading')}</p>;
  if (load.kind === 'failed') {
    return (
      <div className="script-error" role="alert" aria-label={t('script.error')} title={errorDetail(load.error)}>
        {t('script.cantShow', { reason: errorText(load.error) })}
      </div>
    );
  }
  const { view } = load;
  return (
    <section className="call-script" aria-label={t('script.label')}>
      {view.problems.length > 0 && (
        <div className="script-error" role="alert" aria-label={t('script.problem')}>
          {view.problems.map((p) => (
            <p key={`${p.scriptId}:${p.version}`}>{p.summary}</p>
          ))}
        </div>
      )}
      {view.script ? (
        // A new version or a new call starts a fresh runner from what is stored.
        <ScriptRunner key={`${view.callId}:${view.script.id}:${view.script.version}`} agent={desk().agent} view={{ ...view, script: view.script }} />
      ) : (
        view.problems.length === 0 && (
          <p className="empty">{view.scriptId ? t('script.notHereYet', { id: view.scriptId }) : t('script.noScript')}</p>
        )
      )}
    </section>
  );
}
