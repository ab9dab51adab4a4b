import { useTranslation } from 'react-i18next';
import { desk, useOpenWork } from '../desk';
import { Panel } from '../shared/Panel';
import { WrapupForm } from '../wrap-up/WrapupForm';
import { NotesEditor } from './NotesEditor';
import { ScriptPanel } from './ScriptPanel';

/** The call script, the agent's notes and the wrap-up for the open call, restored after a crash. */
export function ScriptNotesPanel() {
  const { t } = useTranslation();
  const { agent } = desk();
  const work = useOpenWork((s) => s.work);
  return (
    <Panel title={t('panel.scriptNotes')} className="script-notes">
      <ScriptPanel />
      <NotesEditor agent={agent} target={work ? { callId: work.call.id } : null} restored={work?.draft ?? null} />
      {work && <WrapupForm key={work.call.id} agent={agent} work={work} />}
    </Panel>
  );
}
