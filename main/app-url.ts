/** True for the app's own pages only: the packaged renderer file or the dev server. */
export function isAppUrl(url: string, devServerUrl = process.env.ELECTRON_RENDERER_URL): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return /\/(out\/renderer|app\.asar\/out\/renderer)\/index\.html$/.test(parsed.pathname);
  return Boolean(devServerUrl && parsed.origin === new URL(devServerUrl).origin);
}
