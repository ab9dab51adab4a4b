import { useState } from 'react';
import { desk } from '../desk';

type State = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; path: string } | { kind: 'failed'; message: string };

/**
 * "Export diagnostics": the core writes a zip for IT (versions, settings without secrets, recent
 * logs, phone and sync state; no customer data) and this says where it is, to attach to a ticket.
 */
export function ExportDiagnostics() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const run = async () => {
    setState({ kind: 'working' });
    const r = await desk().agent.app.exportDiagnostics({});
    setState(r.ok ? { kind: 'done', path: r.value.path } : { kind: 'failed', message: r.error.message });
  };
  return (
    <>
      <button type="button" className="small" disabled={state.kind === 'working'} onClick={() => void run()}>
        Export diagnostics
      </button>
      {state.kind === 'done' && (
        <span role="status" aria-label="Diagnostics export">
          Diagnostics for IT saved to <code>{state.path}</code>
        </span>
      )}
      {state.kind === 'failed' && (
        <span role="alert" aria-label="Diagnostics export" className="error">
          Diagnostics not saved: {state.message}
        </span>
      )}
    </>
  );
}
