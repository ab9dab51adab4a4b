/**
 * The app's pages are served from a custom scheme, app://workstation/, rather than file://
 * (Electron security checklist, item 18: a file:// page may read any file and shares its origin
 * with every other file). Only main/app-protocol.ts answers it, from the built renderer.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for the app's own page only: its entry on app://workstation, or the dev server. */
export function isAppUrl(url: string, devServerUrl = process.env.ELECTRON_RENDERER_URL): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) {
    return parsed.host === APP_HOST && (parsed.pathname === '/' || parsed.pathname === '/index.html') && parsed.username === '' && parsed.password === '';
  }
  return Boolean(devServerUrl && parsed.origin === new URL(devServerUrl).origin);
}
