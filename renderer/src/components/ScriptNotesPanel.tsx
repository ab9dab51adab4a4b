import { Panel } from './Panel';

/** The call script and the agent's notes for the current call. */
export function ScriptNotesPanel() {
  return (
    <Panel title="Script and notes" className="script-notes">
      <p className="empty">The call script appears here during a call.</p>
      <label className="field">
        <span>Call notes</span>
        <textarea aria-label="Call notes" rows={6} disabled placeholder="Notes open with a call" />
      </label>
    </Panel>
  );
}
