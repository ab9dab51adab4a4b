import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { fail, IPC_CHANNEL } from '../src/contract';
import type { Core } from '../src/core/core';
import type { Logger } from '../src/core/log';
import { isAppUrl } from './app-url';

/**
 * Electron's transport for the agent API: one channel in, one channel out. A request is
 * served only from the main window's own page; the dispatcher validates its content.
 */
export function serveAgentApi(core: Core, getWindow: () => BrowserWindow | null, log: Logger): () => void {
  const trusted = (event: IpcMainInvokeEvent) => {
    const win = getWindow();
    const frameUrl = event.senderFrame?.url ?? '';
    return Boolean(win && event.sender.id === win.webContents.id && isAppUrl(frameUrl));
  };
  ipcMain.handle(IPC_CHANNEL.request, async (event, method: unknown, input: unknown) => {
    if (!trusted(event)) {
      log.warn('ipc: request from an untrusted sender refused', { url: event.senderFrame?.url });
      return fail('UNAUTHORIZED', 'This page may not use the agent API.');
    }
    return core.dispatch(typeof method === 'string' ? method : '', input, { transport: 'ipc' });
  });
  const unsubscribe = core.subscribe((name, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(IPC_CHANNEL.event, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CHANNEL.request);
  };
}
