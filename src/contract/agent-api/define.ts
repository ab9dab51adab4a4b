import type { z } from 'zod';
import type { Result } from '../shared/errors';

/** One API call: what the renderer may send and what the core answers. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export type GroupSpec = Readonly<Record<string, MethodSpec>>;
export type ApiSpec = Readonly<Record<string, GroupSpec>>;
export type EventSpec = Readonly<Record<string, z.ZodType>>;

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> => ({
  input,
  output,
});

/** Who is calling: filled in by the transport, never by the caller. */
export interface CallContext {
  readonly transport: 'in-process' | 'ipc' | 'websocket';
}

/** The core implements a group with this type; the compiler checks every method is there. */
export type Handlers<G extends GroupSpec> = {
  [M in keyof G]: (
    input: z.output<G[M]['input']>,
    ctx: CallContext,
  ) => Promise<z.input<G[M]['output']>> | z.input<G[M]['output']>;
};

export type ApiHandlers<A extends ApiSpec> = { [G in keyof A]: Handlers<A[G]> };

/** What the renderer sees as window.agent: every method resolves to a Result, never rejects. */
export type ApiClient<A extends ApiSpec> = {
  [G in keyof A]: {
    [M in keyof A[G]]: (input: z.input<A[G][M]['input']>) => Promise<Result<z.output<A[G][M]['output']>>>;
  };
};

export type EventPayload<E extends EventSpec, K extends keyof E> = z.output<E[K]>;

export type EventListener<E extends EventSpec> = <K extends keyof E & string>(
  name: K,
  listener: (payload: EventPayload<E, K>) => void,
) => () => void;
