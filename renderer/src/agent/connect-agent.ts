import { createAgentApi, createWebSocketTransport, HOST_WS_PATH, type AgentApi, type WebSocketLike } from '../../../src/contract';

export interface AgentConnection {
  readonly agent: AgentApi;
  /** Only the browser host's socket can drop; Electron IPC is always there. */
  readonly onConnectionChange: (listener: (connected: boolean) => void) => void;
}

/**
 * window.agent comes from the Electron preload; in the browser host the page builds the same
 * API over the loopback WebSocket, authenticated by the HttpOnly session cookie the host set
 * when the page redeemed the one-time code in its address (the browser sends it on the upgrade).
 */
export function connectAgent(): AgentConnection {
  if (window.agent) return { agent: window.agent, onConnectionChange: () => undefined };
  const listeners = new Set<(connected: boolean) => void>();
  const url = `ws://${window.location.host}${HOST_WS_PATH}`;
  const transport = createWebSocketTransport({
    url,
    // The DOM types its handlers more narrowly than WebSocketLike; the runtime shapes match.
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    onConnectionChange: (c) => listeners.forEach((l) => l(c)),
  });
  return { agent: createAgentApi(transport), onConnectionChange: (l) => void listeners.add(l) };
}
