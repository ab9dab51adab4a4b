import { app, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../src/contract';
import { isAppUrl } from './app-url';
import { permissionAllowed, permissionCheckAllowed } from './permission-policy';

/**
 * The window may show only the app: no navigation, no new windows (https links go to the
 * OS browser), the CSP on every response, and only audio capture and desktop notifications
 * (incoming calls, callback reminders) may be granted.
 */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? details.mediaTypes : undefined;
    callback(permissionAllowed(permission, mediaTypes));
  });
  ses.setPermissionCheckHandler((_wc, permission) => permissionCheckAllowed(permission));

  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
