import type { z } from 'zod';
import {
  AgentError,
  PullResponse,
  type PullCursor,
  PushResponse,
  ServerErrorBody,
  SignInResponse,
  type PushRequest,
  type SignInRequest,
} from '../../contract';

/** Errors worth retrying with backoff: the server or the path to it, not the request. */
export const isTransient = (err: AgentError): boolean => err.code === 'SERVER_UNREACHABLE' || err.code === 'INTERNAL';

/**
 * The client side of the sync server's HTTP edge. Every answer is validated; every failure is
 * an AgentError: SERVER_UNREACHABLE when no answer came (reset, refused, timed out, cut off
 * mid-body), the server's own code otherwise.
 */
export class SyncHttp {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {}

  signIn(body: SignInRequest): Promise<SignInResponse> {
    return this.request('POST', '/v1/auth/sign-in', SignInResponse, { body });
  }

  async signOut(token: string): Promise<void> {
    await this.request('POST', '/v1/auth/sign-out', null, { token });
  }

  push(token: string, body: PushRequest): Promise<PushResponse> {
    return this.request('POST', '/v1/push', PushResponse, { token, body });
  }

  /** One page after the cursor; `count` asks the server how much is left too (PullResponse.remaining). */
  pull(token: string, cursor: PullCursor, limit: number, count = false): Promise<PullResponse> {
    return this.request('GET', `/v1/pull?cursor=${encodeURIComponent(String(cursor))}&limit=${limit}&cursors=snapshot${count ? '&count=1' : ''}`, PullResponse, { token });
  }

  pokeUrl(): string {
    return this.baseUrl.replace(/^http/, 'ws') + '/v1/poke';
  }

  private async request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T> | null, opts: { token?: string; body?: unknown }): Promise<T> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new AgentError('SERVER_UNREACHABLE', `The sync server at ${this.baseUrl} is not reachable.`, { cause: err });
    }
    let json: unknown = null;
    try {
      json = text.length ? JSON.parse(text) : null;
    } catch {
      throw new AgentError('SERVER_UNREACHABLE', `The sync server's answer was cut off (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const body = ServerErrorBody.safeParse(json);
      if (res.status >= 500) throw new AgentError('INTERNAL', body.success ? body.data.error.message : `The sync server failed (HTTP ${res.status}).`);
      if (body.success) throw new AgentError(body.data.error.code, body.data.error.message);
      throw new AgentError('INTERNAL', `The sync server answered HTTP ${res.status}.`);
    }
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AgentError('INTERNAL', `The sync server sent an answer this app does not understand (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
    return parsed.data;
  }
}
