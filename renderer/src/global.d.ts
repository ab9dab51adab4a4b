/// <reference types="vite/client" />
import type { AgentApi } from '../../src/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; the browser host's page builds its own over a WebSocket. */
    agent?: AgentApi;
  }
}
