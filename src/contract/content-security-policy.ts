/**
 * The page's Content-Security-Policy. ws: on loopback is the agent API and a test SIP server;
 * wss: is the company's SIP proxy. https: (and http: on loopback, for a test SIP server) is the
 * phone's line probe while it reconnects: a GET to the SIP WebSocket server's own HTTP listener
 * (renderer/src/phone/recovery/connection-recovery.ts probeLine). Plain schemes only to
 * 127.0.0.1, as the secure-url rule says (src/contract/shared/secure-url.ts). https: is as wide as
 * wss: already is: the SIP server is configured at run time (admin policy or the agent's
 * settings) while this policy is fixed, also in renderer/index.html's meta tag, which must carry
 * the same connect-src (a page obeys both). Nothing else may be fetched, framed or run inline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:* wss: https:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
