import type { z } from 'zod';

/**
 * Text PostgreSQL refuses: U+0000 (text and jsonb cannot hold it) and UTF-16 surrogates that
 * are not part of a pair (they have no UTF-8 form; jsonb refuses their \u escapes). A change
 * carrying either would be refused by the server on every retry, so it is refused where it is
 * typed instead. https://www.postgresql.org/docs/current/datatype-json.html
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this must find
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE = 'contains a character that cannot be stored (U+0000 or a lone surrogate)';

/** Whether PostgreSQL can store this string as text or in jsonb. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The path of the first string (or object key) in `value` PostgreSQL cannot store, or null. */
export function findUnstorableText(value: unknown, path: PropertyKey[] = []): PropertyKey[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key];
      const found = findUnstorableText(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** A zod check refusing, with its path, any string in the value PostgreSQL cannot store. */
export function refuseUnstorableText(value: unknown, ctx: z.RefinementCtx): void {
  const path = findUnstorableText(value);
  if (path) ctx.addIssue({ code: 'custom', message: UNSTORABLE_TEXT_MESSAGE, path: path as (string | number)[] });
}
