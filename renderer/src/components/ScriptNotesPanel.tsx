import { useAgentContext } from '../agent/agent-context';
import { NotesEditor } from './NotesEditor';
import { Panel } from './Panel';
import { ScriptPanel } from './script/ScriptPanel';
import { useOpenWork } from './use-open-work';
import { WrapupForm } from './WrapupForm';

/** The call script, the agent's notes and the wrap-up for the open call, restored after a crash. */
export function ScriptNotesPanel() {
  const { agent } = useAgentContext();
  const { work, refresh } = useOpenWork(agent);
  return (
    <Panel title="Script and notes" className="script-notes">
      <ScriptPanel agent={agent} work={work} />
      <NotesEditor agent={agent} target={work ? { callId: work.call.id } : null} restored={work?.draft ?? null} />
      {work && <WrapupForm key={work.call.id} agent={agent} work={work} onDone={() => void refresh()} />}
    </Panel>
  );
}
