import fs from 'node:fs';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../src/contract';
import { resolveStaticFile } from '../src/host/static-files';
import { APP_HOST, APP_SCHEME } from './app-url';

/**
 * Declares app:// a standard, secure scheme (relative URLs, 'self' in the CSP, getUserMedia for
 * the phone). Electron requires this before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer on app://workstation/, with the CSP; nothing outside rendererDir. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('not found', { status: 404 });
    return new Response(fs.readFileSync(found.file), {
      headers: { 'content-type': found.type, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
    });
  });
}
