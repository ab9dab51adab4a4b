/**
 * The page's Content-Security-Policy. ws: on loopback is the agent API and a test SIP server;
 * wss: is the company's SIP proxy. Nothing else may be fetched, framed or run inline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws://127.0.0.1:* wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
