import type { z } from 'zod';
import { CallScriptDocument, type ServerScript } from '../../contract';

/**
 * Checking a pulled call script before it is installed, and saying what is wrong in words an
 * agent (and the supervisor they forward it to) can act on. Pure: no store, no clock.
 */

export type ScriptCheck = { ok: true; doc: CallScriptDocument } | { ok: false; message: string };

/** How many issues a message lists before "and N more": the panel is narrow. */
const MAX_ISSUES = 4;

const ordinalField = (i: number) => `field ${i + 1}`;

function idAt(raw: unknown, path: readonly PropertyKey[]): string | null {
  let cur: unknown = raw;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  if (cur !== null && typeof cur === 'object') {
    const id = (cur as Record<string, unknown>).id;
    if (typeof id === 'string' && id) return id;
  }
  return null;
}

/**
 * Where an issue is, named the way the script's author thinks of it: `page "offer", field 2
 * "label"` rather than `pages.3.fields.1.label`. Falls back to positions where a page or field
 * has no usable id.
 */
export function describeIssuePath(path: readonly PropertyKey[], raw: unknown): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if ((key === 'pages' || key === 'fields' || key === 'branches') && typeof next === 'number') {
      const id = key === 'branches' ? null : idAt(raw, path.slice(0, i + 2));
      const noun = key === 'pages' ? 'page' : key === 'fields' ? 'field' : 'branch';
      parts.push(id ? `${noun} "${id}"` : noun === 'field' ? ordinalField(next) : `${noun} ${next + 1}`);
      i++;
    } else {
      parts.push(`"${String(key)}"`);
    }
  }
  return parts.join(', ');
}

/** The issues as one readable sentence fragment. Custom issues already name their page and field. */
export function describeScriptIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): string {
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => {
    if (issue.code === 'custom' || issue.path.length === 0) return issue.message;
    return `${describeIssuePath(issue.path, raw)}: ${issue.message}`;
  });
  const more = issues.length - MAX_ISSUES;
  return more > 0 ? `${lines.join('; ')}; and ${more} more problem${more === 1 ? '' : 's'}` : lines.join('; ');
}

/**
 * Parses and validates a pulled script version. The document must also say it is the script
 * and version it was published as: otherwise it would overwrite a different script locally.
 */
export function checkScript(s: Pick<ServerScript, 'id' | 'version' | 'body'>): ScriptCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(s.body);
  } catch (err) {
    return { ok: false, message: `its text is not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = CallScriptDocument.safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeScriptIssues(parsed.error.issues, raw) };
  const doc = parsed.data;
  if (doc.id !== s.id || doc.version !== s.version) {
    return { ok: false, message: `the document says it is "${doc.id}" version ${doc.version}, but it was published as "${s.id}" version ${s.version}` };
  }
  return { ok: true, doc };
}

/** The sentence the script panel shows for a refused version. */
export function refusalSummary(p: { name: string; scriptId: string; version: number; message: string; inUseVersion: number | null }): string {
  const label = p.name && p.name !== p.scriptId ? `"${p.name}" (${p.scriptId})` : `"${p.scriptId}"`;
  const tail =
    p.inUseVersion !== null
      ? `Still using version ${p.inUseVersion}.`
      : 'No earlier version of it is on this workstation, so it cannot be shown until a corrected version is published.';
  return `Script ${label} version ${p.version} was refused: ${p.message}. ${tail}`;
}
