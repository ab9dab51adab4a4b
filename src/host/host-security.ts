import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The page's session cookie: HttpOnly (no script reads it), SameSite=Strict, this origin only. */
export const TOKEN_COOKIE = 'agent_token';

/** The query parameter carrying the one-time code in the address the host opens. */
export const CODE_PARAM = 'code';

/**
 * Where a second `npm start` on an open profile asks the running host for a fresh one-time
 * address (POST, `Authorization: Bearer <page secret>` from the profile's vault): a browser that
 * lost its session cookie (closed, another browser, no display at all) gets back in without
 * stopping the desk. Answers `{ "url": "http://127.0.0.1:<port>/?code=…" }`; 403 otherwise.
 */
export const ONE_TIME_CODE_PATH = '/host/one-time-code';

/** The bearer secret in the request's Authorization header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

/**
 * Agent API methods only the page the host opened may call: the SIP and TURN passwords go to
 * its phone engine, never to a tool that merely holds the session (issue 15, A3).
 */
export const PAGE_ONLY_METHODS: ReadonlySet<string> = new Set(['phone.credentials']);

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The session token from the request's cookie; the token never travels in an address. */
export function sessionToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

/** The Set-Cookie value that hands the session to the page. */
export function sessionCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * The one-time code in the address the host opens. A browser's command line is readable by
 * every local user, so the address carries only this code: redeemed once for the session
 * cookie, it is worthless afterwards. One code is outstanding at a time.
 */
export class OneTimeCodes {
  private outstanding: string | null = null;

  issue(): string {
    this.outstanding = randomBytes(18).toString('base64url');
    return this.outstanding;
  }

  /** True once for the outstanding code; the code is spent whatever the answer. */
  redeem(code: string): boolean {
    const expected = this.outstanding;
    if (expected === null || !tokenMatches(expected, code)) return false;
    this.outstanding = null;
    return true;
  }
}

/** Refuses DNS-rebinding: only our own loopback origin may talk to the host. */
export function hostHeaderAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  // Node clients (tests, tools) send no Origin; browsers always do on a WebSocket.
  return origin === undefined || isPageOrigin(req, port);
}

/** A socket opened by a page the host served (browsers always send Origin on a WebSocket). */
export function isPageOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
