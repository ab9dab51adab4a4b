/**
 * Which browser permissions the window may have, decided without Electron so it is tested
 * alone: audio capture for the phone (never the camera or the screen), and desktop
 * notifications for incoming calls and callback reminders. Everything else is denied.
 */
export function permissionAllowed(permission: string, mediaTypes?: readonly string[]): boolean {
  if (permission === 'notifications') return true;
  if (permission === 'media') return mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
  return false;
}

/** The synchronous check Chromium makes before asking (e.g. Notification.permission). */
export function permissionCheckAllowed(permission: string): boolean {
  return permission === 'media' || permission === 'notifications';
}
