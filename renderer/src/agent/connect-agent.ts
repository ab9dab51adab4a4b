import { createAgentApi, createWebSocketTransport, DESK_PARAM, HOST_WS_PATH, type AgentApi, type DeskBusy, type WebSocketLike } from '../../../src/contract';

export interface AgentConnection {
  readonly agent: AgentApi;
  /** Only the browser host's socket can drop; Electron IPC is always there. */
  readonly onConnectionChange: (listener: (connected: boolean) => void) => void;
  /** Another window of this workstation took over the desk: this one must stop. */
  readonly onTakenOver: (listener: () => void) => void;
  /** Another window has the desk and is on a call or in its wrap-up: this one never started. */
  readonly onRefused: (listener: (why: DeskBusy) => void) => void;
}

/**
 * window.agent comes from the Electron preload; in the browser host the page builds the same
 * API over the loopback WebSocket, authenticated by the HttpOnly session cookie the host set
 * when the page redeemed the one-time code in its address (the browser sends it on the upgrade).
 */
export function connectAgent(): AgentConnection {
  if (window.agent) return { agent: window.agent, onConnectionChange: () => undefined, onTakenOver: () => undefined, onRefused: () => undefined };
  const listeners = new Set<(connected: boolean) => void>();
  const takenOver = new Set<() => void>();
  const refused = new Set<(why: DeskBusy) => void>();
  // The desk's own socket: opening it takes the desk over from any other window of this workstation.
  const url = `ws://${window.location.host}${HOST_WS_PATH}?${DESK_PARAM}=1`;
  const transport = createWebSocketTransport({
    url,
    // The DOM types its handlers more narrowly than WebSocketLike; the runtime shapes match.
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    onConnectionChange: (c) => listeners.forEach((l) => l(c)),
    onTakenOver: () => takenOver.forEach((l) => l()),
    onRefused: (why) => refused.forEach((l) => l(why)),
  });
  return {
    agent: createAgentApi(transport),
    onConnectionChange: (l) => void listeners.add(l),
    onTakenOver: (l) => void takenOver.add(l),
    onRefused: (l) => void refused.add(l),
  };
}
