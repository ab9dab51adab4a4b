import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentErrorShape } from '../../../src/contract';
import { desk } from '../desk';
import { errorDetail, errorText } from '../i18n/error-text';

type State = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; path: string } | { kind: 'failed'; error: AgentErrorShape };

/**
 * "Export diagnostics": the core writes a zip for IT (versions, settings without secrets, recent
 * logs, phone and sync state; no customer data) and this says where it is, to attach to a ticket.
 */
export function ExportDiagnostics() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const run = async () => {
    setState({ kind: 'working' });
    const r = await desk().agent.app.exportDiagnostics({});
    setState(r.ok ? { kind: 'done', path: r.value.path } : { kind: 'failed', error: r.error });
  };
  return (
    <>
      <button type="button" className="small" disabled={state.kind === 'working'} onClick={() => void run()}>
        {t('diagnostics.export')}
      </button>
      {state.kind === 'done' && (
        <span role="status" aria-label={t('diagnostics.label')}>
          {t('diagnostics.saved')}{' '}
          <code dir="ltr">
            <bdi>{state.path}</bdi>
          </code>
        </span>
      )}
      {state.kind === 'failed' && (
        <span role="alert" aria-label={t('diagnostics.label')} className="error" title={errorDetail(state.error)}>
          {t('diagnostics.failed', { reason: errorText(state.error) })}
        </span>
      )}
    </>
  );
}
