import { CrmPanel } from './components/CrmPanel';
import { ScriptNotesPanel } from './components/ScriptNotesPanel';
import { SoftphonePanel } from './components/SoftphonePanel';
import { StatusBar } from './components/StatusBar';
import { useWorkstation } from './agent/agent-context';

export function App() {
  const agentName = useWorkstation((s) => s.session?.agent?.displayName ?? null);
  const demo = useWorkstation((s) => s.session?.demo ?? false);
  return (
    <div className="shell">
      <header className="topbar">
        <h1>Agent Workstation</h1>
        {demo && <span className="badge">Demo profile</span>}
        <span className="agent-name" aria-label="Signed-in agent">
          {agentName ?? 'Not signed in'}
        </span>
      </header>
      <main className="panels">
        <SoftphonePanel />
        <CrmPanel />
        <ScriptNotesPanel />
      </main>
      <StatusBar />
    </div>
  );
}
