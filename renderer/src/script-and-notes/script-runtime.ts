import type { CallScriptDocument, ScriptAnswers, ScriptField, ScriptPage, ScriptVariables } from '../../../src/contract/agent-api/call-script';
import { t } from '../i18n/i18n';

/**
 * Fills {{group.name}} placeholders; an unknown or empty one becomes nothing rather than leaking
 * braces, and the gap it leaves is closed, so an unknown caller is greeted "Assalam-o-Alaikum,
 * this is …", never with a blank where the name goes (issue 16 A8).
 */
export function renderScriptText(text: string, vars: ScriptVariables): string {
  let blanked = false;
  const filled = text.replace(/\{\{\s*([a-zA-Z]+)\.([a-zA-Z]+)\s*\}\}/g, (_m, group: string, name: string) => {
    const bag = (vars as unknown as Record<string, Record<string, unknown> | undefined>)[group];
    const value = bag?.[name];
    const shown = typeof value === 'string' ? value.trim() : '';
    if (!shown) blanked = true;
    return shown;
  });
  // Only text that lost a value is tidied: a space left before punctuation, or doubled.
  return blanked ? filled.replace(/[ \t]+([,.;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ').trim() : filled;
}

export function pageById(script: CallScriptDocument, id: string): ScriptPage | undefined {
  return script.pages.find((p) => p.id === id);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a field's answer can't be accepted, or null. */
export function fieldProblem(field: ScriptField, answer: string | undefined): string | null {
  const value = (answer ?? '').trim();
  const named = { field: field.label };
  if (!value) return field.required ? t('script.required', named) : null;
  if (field.kind === 'choice' && !field.options.includes(value)) return t('script.pickOption', named);
  if (field.kind === 'yesno' && value !== 'yes' && value !== 'no') return t('script.yesOrNo', named);
  if (field.kind === 'date' && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) return t('script.enterDate', named);
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
