import { z } from 'zod';
import { ScriptAnswer } from '../shared/text-limits';

/**
 * A call script as the server publishes it and the core stores it: pages of text (with
 * {{contact.firstName}}, {{agent.name}}, {{call.number}} variables) and input fields, with
 * branches to another page on an answer. The core validates a script on load; one that fails
 * is refused with its error and the previous version stays in use.
 */

const FieldId = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'letters, digits and _ only, starting with a letter');
const PageId = FieldId;

export const ScriptField = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), id: FieldId, label: z.string().min(1).max(200), required: z.boolean().default(false), multiline: z.boolean().default(false) }),
  z.object({
    kind: z.literal('choice'),
    id: FieldId,
    label: z.string().min(1).max(200),
    required: z.boolean().default(false),
    options: z.array(z.string().min(1).max(100)).min(2).max(30),
  }),
  z.object({ kind: z.literal('yesno'), id: FieldId, label: z.string().min(1).max(200), required: z.boolean().default(false) }),
  z.object({ kind: z.literal('date'), id: FieldId, label: z.string().min(1).max(200), required: z.boolean().default(false) }),
]);
export type ScriptField = z.infer<typeof ScriptField>;

/** Answers as stored: text, the chosen option, 'yes'/'no', or an ISO date (YYYY-MM-DD). */
export const ScriptAnswers = z.record(FieldId, ScriptAnswer);
export type ScriptAnswers = z.infer<typeof ScriptAnswers>;

export const ScriptBranch = z.object({
  /** Go to `goto` when the field's answer equals `equals`. The first matching branch wins. */
  field: FieldId,
  equals: z.string().max(100),
  goto: PageId,
});

export const ScriptPage = z.object({
  id: PageId,
  title: z.string().min(1).max(200),
  /** Paragraphs shown to the agent, with {{variables}}. */
  text: z.array(z.string().max(4000)).max(50).default([]),
  fields: z.array(ScriptField).max(50).default([]),
  branches: z.array(ScriptBranch).max(50).default([]),
  /** Where to go when no branch matches; absent means this page ends the script. */
  next: PageId.nullable().default(null),
});
export type ScriptPage = z.infer<typeof ScriptPage>;

export const CallScriptDocument = z
  .object({
    id: z.string().min(1).max(64),
    version: z.number().int().positive(),
    name: z.string().min(1).max(200),
    startPage: PageId,
    pages: z.array(ScriptPage).min(1).max(200),
  })
  .superRefine((script, ctx) => {
    const pageIds = new Set<string>();
    const fieldIds = new Set<string>();
    for (const [i, page] of script.pages.entries()) {
      if (pageIds.has(page.id)) ctx.addIssue({ code: 'custom', path: ['pages', i, 'id'], message: `page "${page.id}" appears twice` });
      pageIds.add(page.id);
      for (const [j, field] of page.fields.entries()) {
        if (fieldIds.has(field.id)) ctx.addIssue({ code: 'custom', path: ['pages', i, 'fields', j, 'id'], message: `field "${field.id}" appears twice` });
        fieldIds.add(field.id);
      }
    }
    if (!pageIds.has(script.startPage)) ctx.addIssue({ code: 'custom', path: ['startPage'], message: `start page "${script.startPage}" does not exist` });
    for (const [i, page] of script.pages.entries()) {
      if (page.next !== null && !pageIds.has(page.next)) {
        ctx.addIssue({ code: 'custom', path: ['pages', i, 'next'], message: `page "${page.id}" continues to missing page "${page.next}"` });
      }
      const ownFields = new Map(page.fields.map((f) => [f.id, f]));
      for (const [j, branch] of page.branches.entries()) {
        if (!pageIds.has(branch.goto)) {
          ctx.addIssue({ code: 'custom', path: ['pages', i, 'branches', j, 'goto'], message: `branch on page "${page.id}" goes to missing page "${branch.goto}"` });
        }
        const field = ownFields.get(branch.field);
        if (!field) {
          ctx.addIssue({ code: 'custom', path: ['pages', i, 'branches', j, 'field'], message: `branch on page "${page.id}" tests field "${branch.field}", which is not on that page` });
        } else if (field.kind === 'choice' && !field.options.includes(branch.equals)) {
          ctx.addIssue({ code: 'custom', path: ['pages', i, 'branches', j, 'equals'], message: `"${branch.equals}" is not an option of field "${field.id}"` });
        } else if (field.kind === 'yesno' && !['yes', 'no'].includes(branch.equals)) {
          ctx.addIssue({ code: 'custom', path: ['pages', i, 'branches', j, 'equals'], message: `a yes/no field is answered "yes" or "no", not "${branch.equals}"` });
        }
      }
    }
  });
export type CallScriptDocument = z.infer<typeof CallScriptDocument>;

/** The values a script's text may use. Unknown variables render as empty, never as raw braces. */
export interface ScriptVariables {
  contact: { firstName: string; lastName: string; company: string };
  agent: { name: string };
  call: { number: string };
}
