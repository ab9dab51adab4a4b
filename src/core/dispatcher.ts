import type { z } from 'zod';
import {
  AgentError,
  fail,
  findUnstorableText,
  UNSTORABLE_TEXT_MESSAGE,
  ok,
  type ApiHandlers,
  type ApiSpec,
  type CallContext,
  type MethodSpec,
  type Result,
} from '../contract';
import type { Logger } from './log';

export type Dispatch = (method: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}

/**
 * The one server-side entry point for the agent API, whatever carries the request. It
 * validates the input against the contract, calls the handler, checks the output, and turns
 * every failure into an error value, so nothing a renderer sends can crash the core.
 */
export function createDispatcher<A extends ApiSpec>(spec: A, handlers: ApiHandlers<A>, log: Logger): Dispatch {
  const table = new Map<string, { spec: MethodSpec; handler: (input: unknown, ctx: CallContext) => unknown }>();
  for (const [groupName, group] of Object.entries(spec)) {
    const groupHandlers = (handlers as Record<string, Record<string, (input: unknown, ctx: CallContext) => unknown>>)[groupName];
    for (const [methodName, methodSpec] of Object.entries(group)) {
      const handler = groupHandlers?.[methodName];
      if (!handler) throw new Error(`no handler for ${groupName}.${methodName}`);
      table.set(`${groupName}.${methodName}`, { spec: methodSpec, handler });
    }
  }

  return async (method, input, ctx) => {
    const entry = typeof method === 'string' ? table.get(method) : undefined;
    if (!entry) {
      log.warn('agent api: unknown method', { method: String(method).slice(0, 100), transport: ctx.transport });
      return fail('UNKNOWN_METHOD', `There is no API method named "${String(method).slice(0, 100)}".`);
    }
    // Refused here, at the edge, so nothing the server cannot store reaches the outbox.
    const unstorable = findUnstorableText(input);
    if (unstorable) {
      const detail = `${unstorable.length ? unstorable.map(String).join('.') : '(input)'}: ${UNSTORABLE_TEXT_MESSAGE}`;
      log.warn('agent api: invalid input', { method, transport: ctx.transport, detail });
      return fail('INVALID_INPUT', `Invalid input for ${method}: ${detail}`);
    }
    const parsed = entry.spec.input.safeParse(input);
    if (!parsed.success) {
      const detail = describeIssues(parsed.error);
      log.warn('agent api: invalid input', { method, transport: ctx.transport, detail });
      return fail('INVALID_INPUT', `Invalid input for ${method}: ${detail}`);
    }
    try {
      const value = await entry.handler(parsed.data, ctx);
      const out = entry.spec.output.safeParse(value);
      if (!out.success) {
        log.error('agent api: handler returned a value outside its contract', { method, detail: describeIssues(out.error) });
        return fail('INTERNAL', `${method} produced an invalid answer; see the log.`);
      }
      return ok(out.data);
    } catch (err) {
      if (err instanceof AgentError) {
        log.warn('agent api: call failed', { method, code: err.code, error: err.message });
        return { ok: false, error: err.toShape() };
      }
      log.error('agent api: handler crashed', { method, error: err });
      return fail('INTERNAL', `${method} failed unexpectedly; see the log.`);
    }
  };
}
