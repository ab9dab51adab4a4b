/**
 * Exposes the agent API as window.agent and nothing else. The renderer is sandboxed; this is
 * its only way to the core, and every call is validated again on the other side.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createAgentApi, IPC_CHANNEL, type Result } from '../src/contract';

const agent = createAgentApi({
  request: (method, input) => ipcRenderer.invoke(IPC_CHANNEL.request, method, input) as Promise<Result<unknown>>,
  subscribe: (listener) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_CHANNEL.event, handler);
    return () => ipcRenderer.off(IPC_CHANNEL.event, handler);
  },
});

contextBridge.exposeInMainWorld('agent', agent);
