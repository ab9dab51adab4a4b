/**
 * Electron's checklist item 7 (a restrictive Content-Security-Policy): the one policy the Electron
 * shell (main/security.ts, on every response) and the browser host (src/host/host-server.ts)
 * send with the agent's page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/contract';

const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
  const [name = '', ...values] = d.trim().split(/\s+/);
  return [name, values] as const;
}));

describe("the agent page's Content-Security-Policy", () => {
  it("denies by default and runs only the app's own scripts", () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('allows no inline or eval code, no plain-http origin, and no wildcard host anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\s\*(\s|;|$)/);
    // Plain ws:/http: only to this machine (the secure-url rule); elsewhere only TLS schemes.
    for (const source of [...directives.values()].flat()) {
      if (/^(ws|http):/.test(source)) expect(source).toMatch(/^(ws|http):\/\/127\.0\.0\.1:\*$/);
    }
  });

  it('lets the page reach the agent API, the SIP server over WebSocket, and its line probe over https', () => {
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'http://127.0.0.1:*', 'wss:', 'https:']);
  });

  it("the renderer's meta tag carries the same connect-src (a page obeys both it and the header)", () => {
    const html = fs.readFileSync(path.join(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const connectSrc = meta.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
    expect(connectSrc?.split(/\s+/).slice(1)).toEqual(directives.get('connect-src'));
  });
});
