import { useCallback, useEffect, useState } from 'react';
import type { AgentApi, AgentErrorShape, CallScriptView, OpenWork } from '../../../src/contract';
import { ScriptRunner } from './ScriptRunner';
import './script.css';

type Load = { kind: 'loading' } | { kind: 'loaded'; view: CallScriptView } | { kind: 'failed'; error: AgentErrorShape };

/**
 * The call script part of the script and notes panel: the script the open call uses, or why
 * there is none (no script for the campaign, a refused version, a damaged stored script).
 * Reloads when a pull installs or refuses a script.
 */
export function ScriptPanel({ agent, work }: { agent: AgentApi; work: OpenWork | null }) {
  const callId = work?.call.id ?? null;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    if (!callId) return;
    const r = await agent.scripts.forCall({ callId });
    setLoad(r.ok ? { kind: 'loaded', view: r.value } : { kind: 'failed', error: r.error });
  }, [agent, callId]);

  useEffect(() => {
    setLoad({ kind: 'loading' });
    void refresh();
    return agent.on('scripts.changed', () => void refresh());
  }, [agent, refresh]);

  if (!work) return <p className="empty">The call script appears here during a call.</p>;
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
        <ScriptRunner key={`${view.callId}:${view.script.id}:${view.script.version}`} agent={agent} view={{ ...view, script: view.script }} />
      ) : (
        view.problems.length === 0 && (
          <p className="empty">{view.scriptId ? `The script "${view.scriptId}" is not on this workstation yet.` : 'This call has no script.'}</p>
        )
      )}
    </section>
  );
}
