import { desk, useScript } from '../desk';
import { ScriptRunner } from './ScriptRunner';
import './script.css';

/**
 * The call script part of the script and notes panel: the script the open call uses, or why
 * there is none (no script for the campaign, a refused version, a damaged stored script).
 * Its state is the script store's (script-store.ts), which reloads when a pull installs or
 * refuses a script.
 */
export function ScriptPanel() {
  const load = useScript((s) => s.load);
  if (load.kind === 'none') return <p className="empty">The call script appears here during a call.</p>;
  if (load.kind === 'loading') return <p className="empty">Loading the call script…</p>;
  if (load.kind === 'failed') {
    return (
      <div className="script-error" role="alert" aria-label="Call script error">
        The call script can&apos;t be shown: {load.error.message}
      </div>
    );
  }
  const { view } = load;
  return (
    <section className="call-script" aria-label="Call script">
      {view.problems.length > 0 && (
        <div className="script-error" role="alert" aria-label="Script problem">
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
          <p className="empty">{view.scriptId ? `The script "${view.scriptId}" is not on this workstation yet.` : 'This call has no script.'}</p>
        )
      )}
    </section>
  );
}
