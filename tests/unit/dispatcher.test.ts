import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentError, method, type ApiHandlers } from '../../src/contract';
import { createDispatcher } from '../../src/core/dispatcher';
import { createLogger } from '../../src/core/log';

const spec = {
  demo: {
    echo: method(z.object({ text: z.string().max(5) }).strict(), z.object({ text: z.string() })),
    refuse: method(z.object({}), z.object({})),
    crash: method(z.object({}), z.object({})),
    lie: method(z.object({}), z.object({ n: z.number() })),
  },
} as const;

function setup() {
  const lines: string[] = [];
  const handlers: ApiHandlers<typeof spec> = {
    demo: {
      echo: ({ text }) => ({ text }),
      refuse: () => {
        throw new AgentError('NOT_FOUND', 'No such thing.');
      },
      crash: () => {
        throw new TypeError('boom at /secret/path password=hunter2');
      },
      // A handler that breaks its own contract must not leak the bad value to the renderer.
      lie: () => ({ n: 'not a number' }) as unknown as { n: number },
    },
  };
  const dispatch = createDispatcher(spec, handlers, createLogger((l) => lines.push(l), {}, 'debug'));
  return { dispatch, lines };
}

const ctx = { transport: 'in-process' } as const;

describe('dispatcher', () => {
  it('routes a valid request to its handler and returns the value', async () => {
    const { dispatch } = setup();
    expect(await dispatch('demo.echo', { text: 'hi' }, ctx)).toEqual({ ok: true, value: { text: 'hi' } });
  });

  it('refuses invalid input with INVALID_INPUT naming the field, without calling the handler', async () => {
    const { dispatch, lines } = setup();
    const r = await dispatch('demo.echo', { text: 'far too long' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toContain('text');
    }
    expect(lines.some((l) => l.includes('invalid input'))).toBe(true);
  });

  it('refuses unknown fields, unknown methods and non-string method names', async () => {
    const { dispatch } = setup();
    const extra = await dispatch('demo.echo', { text: 'a', admin: true }, ctx);
    expect(extra.ok || extra.error.code).toBe('INVALID_INPUT');
    for (const m of ['demo.nope', 'nope', '', '__proto__.constructor', 'demo.__proto__']) {
      const r = await dispatch(m, {}, ctx);
      expect(r.ok || r.error.code).toBe('UNKNOWN_METHOD');
    }
    const r = await dispatch(42 as unknown as string, {}, ctx);
    expect(r.ok || r.error.code).toBe('UNKNOWN_METHOD');
  });

  it("passes a handler's typed error through as a value", async () => {
    const { dispatch } = setup();
    expect(await dispatch('demo.refuse', {}, ctx)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such thing.' } });
  });

  it('turns a crash into INTERNAL without leaking its details, and logs it', async () => {
    const { dispatch, lines } = setup();
    const r = await dispatch('demo.crash', {}, ctx);
    expect(r.ok || r.error.code).toBe('INTERNAL');
    if (!r.ok) expect(r.error.message).not.toContain('hunter2');
    expect(lines.some((l) => l.includes('handler crashed') && l.includes('boom'))).toBe(true);
  });

  it('checks handler output against the contract', async () => {
    const { dispatch } = setup();
    const r = await dispatch('demo.lie', {}, ctx);
    expect(r.ok || r.error.code).toBe('INTERNAL');
  });
});
