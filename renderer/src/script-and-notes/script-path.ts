import type { CallScriptDocument, ScriptAnswers } from '../../../src/contract/agent-api/call-script';
import { nextPageId, pageById } from './script-runtime';

/**
 * The pages the agent went through to reach `target`, rebuilt from the answers: after a crash
 * only the current page and the answers are stored, and Back must still retrace the branches
 * the agent took. Where the answers no longer lead to `target` (the script changed), Back goes
 * to the start page.
 */
export function pathTo(script: CallScriptDocument, answers: ScriptAnswers, target: string): string[] {
  if (!pageById(script, target)) return [script.startPage];
  const path: string[] = [];
  const seen = new Set<string>();
  let id: string | null = script.startPage;
  while (id !== null && !seen.has(id)) {
    path.push(id);
    if (id === target) return path;
    seen.add(id);
    const page = pageById(script, id);
    id = page ? nextPageId(page, answers) : null;
  }
  return target === script.startPage ? [target] : [script.startPage, target];
}
