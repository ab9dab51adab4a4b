import type { CallContext, GroupSpec, Handlers } from '../../contract';
import { storeError } from './database';

/**
 * Wraps a group's handlers so a failure at the disk (full, read-only, damaged) reaches the
 * renderer as its typed store error instead of INTERNAL. The transaction has already rolled
 * back by then: nothing is half-written.
 */
export function guardStore<G extends GroupSpec>(handlers: Handlers<G>, file: string): Handlers<G> {
  const out: Record<string, (input: unknown, ctx: CallContext) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers as Record<string, (input: unknown, ctx: CallContext) => unknown>)) {
    out[name] = async (input, ctx) => {
      try {
        return await handler(input, ctx);
      } catch (err) {
        throw storeError(err, file) ?? err;
      }
    };
  }
  return out as Handlers<G>;
}
