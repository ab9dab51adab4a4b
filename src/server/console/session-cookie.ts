/**
 * The console session cookie (RFC 6265). HttpOnly: the page's script never reads the session;
 * SameSite=Strict: no other site's page can make the browser send it (the console's CSRF
 * defence, with JSON-only request bodies); Path=/console: the agents' /v1 routes never see it;
 * Secure whenever the console is served over HTTPS.
 */
export const CONSOLE_COOKIE = 'aw_console';

export function sessionCookie(token: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [`${CONSOLE_COOKIE}=${token}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** The cookie that ends the session in the browser. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

/** The console session's value from a Cookie header, or null (RFC 6265 §5.4: `name=value` pairs joined by "; "). */
export function sessionFromCookieHeader(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === CONSOLE_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
