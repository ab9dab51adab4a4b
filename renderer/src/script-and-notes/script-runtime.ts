import type { CallScriptDocument, ScriptAnswers, ScriptField, ScriptPage, ScriptVariables } from '../../../src/contract/agent-api/call-script';

/** Fills {{group.name}} placeholders; an unknown one becomes empty rather than leaking braces. */
export function renderScriptText(text: string, vars: ScriptVariables): string {
  return text.replace(/\{\{\s*([a-zA-Z]+)\.([a-zA-Z]+)\s*\}\}/g, (_m, group: string, name: string) => {
    const bag = (vars as unknown as Record<string, Record<string, unknown> | undefined>)[group];
    const value = bag?.[name];
    return typeof value === 'string' ? value : '';
  });
}

export function pageById(script: CallScriptDocument, id: string): ScriptPage | undefined {
  return script.pages.find((p) => p.id === id);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a field's answer can't be accepted, or null. */
export function fieldProblem(field: ScriptField, answer: string | undefined): string | null {
  const value = (answer ?? '').trim();
  if (!value) return field.required ? `${field.label} is required` : null;
  if (field.kind === 'choice' && !field.options.includes(value)) return `${field.label}: pick one of the options`;
  if (field.kind === 'yesno' && value !== 'yes' && value !== 'no') return `${field.label}: answer yes or no`;
  if (field.kind === 'date' && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) return `${field.label}: enter a date`;
  return null;
}

export function pageProblems(page: ScriptPage, answers: ScriptAnswers): string[] {
  return page.fields.map((f) => fieldProblem(f, answers[f.id])).filter((p): p is string => p !== null);
}

/** The page after this one given the answers: the first matching branch, else `next`, else the end (null). */
export function nextPageId(page: ScriptPage, answers: ScriptAnswers): string | null {
  const branch = page.branches.find((b) => (answers[b.field] ?? '').trim() === b.equals);
  return branch ? branch.goto : page.next;
}
