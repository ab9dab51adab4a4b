/**
 * Electron's checklist item 7 (a restrictive Content-Security-Policy): the one policy the Electron
 * shell (main/security.ts, on every response) and the browser host (src/host/host-server.ts)
 * send with the agent's page.
 */
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
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|http:|\s\*(\s|;|$)/);
  });
});
