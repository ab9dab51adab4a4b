import { z } from 'zod';
import { BoardEvent, BoardSnapshot, ConsoleMe, SentMessage, ServerErrorBody } from '../../src/contract';

/**
 * The console's calls to /console/api. The session is the HttpOnly cookie the browser sends by
 * itself (same origin); the page never holds a token.
 */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

async function call<T>(schema: z.ZodType<T>, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`/console/api/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, message: 'The server cannot be reached.' };
  }
  if (res.status === 204) return { ok: true, value: undefined as T };
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ServerErrorBody.safeParse(json);
    return { ok: false, status: res.status, message: err.success ? err.data.error.message : `The server answered ${res.status}.` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: res.status, message: 'The server answered something this page does not understand.' };
}

export const consoleApi = {
  me: () => call(ConsoleMe, 'me'),
  signIn: (username: string, password: string) => call(ConsoleMe, 'sign-in', { username, password }),
  signOut: () => call(z.undefined(), 'sign-out', {}),
  board: () => call(BoardSnapshot, 'board'),
  messages: () => call(z.array(SentMessage), 'messages'),
  send: (to: { teamId: string | null; agentId: string | null }, body: string) =>
    call(z.object({ messageId: z.string(), recipients: z.number() }), 'messages', { ...to, body }),
};

/** Follows the board's event stream; EventSource reconnects by itself (the server says after 1 s). */
export function followBoard(onEvent: (event: BoardEvent) => void, onOpenChange: (open: boolean) => void): () => void {
  const source = new EventSource('/console/api/board/events');
  source.onopen = () => onOpenChange(true);
  source.onerror = () => onOpenChange(false);
  source.onmessage = (m: MessageEvent<string>) => {
    let json: unknown;
    try {
      json = JSON.parse(m.data);
    } catch {
      return;
    }
    const event = BoardEvent.safeParse(json);
    if (event.success) onEvent(event.data);
  };
  return () => source.close();
}
