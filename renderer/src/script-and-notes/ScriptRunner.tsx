import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import {
  maskSensitiveAnswers,
  type AgentApi,
  type AgentErrorShape,
  type CallScriptDocument,
  type CallScriptView,
  type ScriptAnswers,
} from '../../../src/contract';
import { useWorkstation } from '../desk';
import { saveStatusWhileGone } from '../shared/core-connection';
import { pathTo } from './script-path';
import { nextPageId, pageById, pageProblems, renderScriptText } from './script-runtime';
import { ScriptFieldInput } from './ScriptFieldInput';
import { ScriptRunSaver, type RunSaveState } from './script-run-saver';
import { registerOpenEdit } from '../shared/open-edits';
import { errorDetail, errorText } from '../i18n/error-text';
import { formatTimeSeconds } from '../i18n/format';
import { t } from '../i18n/i18n';
import { maskingText } from '../i18n/masking-text';

function describe(state: RunSaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'unsaved':
      return t('script.unsaved');
    case 'saving':
      return t('script.saving');
    case 'saved':
      return t('script.saved', { time: formatTimeSeconds(state.at) });
    case 'failed':
      return t('script.notSaved', { reason: errorText(state.error) });
  }
}

type View = CallScriptView & { script: CallScriptDocument };

/**
 * One call's run through its script: page text with the call's variables, the fields, a check
 * of required answers before Next, branching on answers, Back along the way the agent came, and
 * Finish on the last page. Every change is saved as the agent goes (ScriptRunSaver); after a
 * crash the run reopens at the saved page with its answers.
 */
export function ScriptRunner({ agent, view }: { agent: AgentApi; view: View }) {
  const { t } = useTranslation();
  const { script, variables, callId } = view;
  const restored = view.run && view.run.scriptId === script.id ? view.run : null;
  const [answers, setAnswers] = useState<ScriptAnswers>(() => restored?.answers ?? {});
  const [path, setPath] = useState<string[]>(() => pathTo(script, restored?.answers ?? {}, restored?.stepId ?? script.startPage));
  const [finishedAt, setFinishedAt] = useState<string | null>(restored?.finishedAt ?? null);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<AgentErrorShape | null>(null);
  const [maskNotice, setMaskNotice] = useState<string | null>(null);

  // One saver per runner: the runner is keyed on call and script version.
  const [saver] = useState(
    () =>
      new ScriptRunSaver(
        (input) => agent.wrapup.saveScriptPosition(input),
        callId,
        restored ? { scriptId: script.id, scriptVersion: restored.scriptVersion, stepId: restored.stepId, answers: restored.answers, savedAt: restored.savedAt } : null,
        undefined,
        // The core stored the answers with card/CNIC numbers masked: show them masked and say so.
        (m) => {
          setMaskNotice(maskingText(m));
          setAnswers((a) => maskSensitiveAnswers(a).answers);
        },
      ),
  );
  useEffect(() => {
    const unregister = registerOpenEdit({
      what: 'answers',
      flush: () => saver.flush(),
      failure: () => (saver.state.kind === 'failed' ? errorText(saver.state.error) : null),
    });
    const flushOnLeave = () => void saver.flush();
    window.addEventListener('beforeunload', flushOnLeave);
    return () => {
      unregister();
      window.removeEventListener('beforeunload', flushOnLeave);
      void saver.flush().finally(() => saver.dispose());
    };
  }, [saver]);
  const connected = useWorkstation((s) => s.connected);
  const saveState = useSyncExternalStore(
    (cb) => saver.onState(cb),
    () => saver.state,
  );

  const stepId = path[path.length - 1] ?? script.startPage;
  const page = pageById(script, stepId) ?? script.pages[0];
  if (!page) return null;
  const position = (step: string, stepAnswers: ScriptAnswers) => ({ scriptId: script.id, scriptVersion: script.version, stepId: step, answers: stepAnswers });

  const answer = (fieldId: string, value: string) => {
    const next = { ...answers, [fieldId]: value };
    setAnswers(next);
    setProblems([]);
    saver.update(position(stepId, next));
  };

  const goTo = (nextPath: string[]) => {
    setPath(nextPath);
    setProblems([]);
    saver.update(position(nextPath[nextPath.length - 1] ?? script.startPage, answers));
    // A page change is saved at once, not after the pause: it is the step a crash must not undo.
    void saver.flush();
  };

  const upcoming = nextPageId(page, answers);
  const next = () => {
    const missing = pageProblems(page, answers);
    if (missing.length > 0) {
      setProblems(missing);
      return;
    }
    if (upcoming !== null) goTo([...path, upcoming]);
  };

  const finish = async () => {
    const missing = pageProblems(page, answers);
    if (missing.length > 0) {
      setProblems(missing);
      return;
    }
    saver.update(position(stepId, answers));
    if (!(await saver.flush())) return;
    const r = await agent.scripts.finish({ callId });
    if (r.ok) {
      setFinishedAt(r.value.finishedAt);
      setError(null);
    } else setError(r.error);
  };

  if (finishedAt) {
    const answered = script.pages.flatMap((p) => p.fields).filter((f) => (answers[f.id] ?? '').trim() !== '');
    return (
      <div className="script-finished">
        <h3>{script.name}</h3>
        <p role="status" aria-label={t('script.status')}>
          {t('script.finished')}
        </p>
        <dl aria-label={t('script.answers')}>
          {answered.map((f) => (
            <div key={f.id}>
              <dt>{f.label}</dt>
              <dd>
                <bdi>{answers[f.id]}</bdi>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }

  return (
    <form
      className="script-runner"
      aria-label={t('script.runner', { name: script.name })}
      onSubmit={(e) => {
        e.preventDefault();
        if (upcoming === null) void finish();
        else next();
      }}
    >
      <p className="script-name">
        <bdi>{script.name}</bdi>{' '}
        <span className="script-version" dir="ltr">
          v{script.version}
        </span>
      </p>
      <h3>{page.title}</h3>
      {page.text.map((t, i) => (
        <p key={i} className="script-text">
          {renderScriptText(t, variables)}
        </p>
      ))}
      {page.fields.map((f) => (
        <ScriptFieldInput key={f.id} field={f} value={answers[f.id] ?? ''} onChange={(v) => answer(f.id, v)} />
      ))}
      {problems.length > 0 && (
        <ul className="script-problems" role="alert" aria-label={t('script.answersNeeded')}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {maskNotice && (
        <p role="status" aria-label={t('script.maskingNotice')} className="mask-notice">
          {maskNotice}
        </p>
      )}
      {error && (
        <p className="script-error" role="alert" title={errorDetail(error)}>
          {errorText(error)}
        </p>
      )}
      <div className="script-actions">
        <button type="button" disabled={path.length < 2} onClick={() => goTo(path.slice(0, -1))}>
          {t('script.back')}
        </button>
        {upcoming === null ? <button type="submit">{t('script.finish')}</button> : <button type="submit">{t('script.next')}</button>}
        <span role="status" aria-label={t('script.saveStatus')} className="save-status">
          {saveStatusWhileGone(saveState, connected) ?? describe(saveState)}
        </span>
      </div>
    </form>
  );
}
