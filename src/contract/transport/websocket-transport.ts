import { fail, type Result } from '../shared/errors';
import type { AgentTransport } from './client';
import { DESK_REFUSED_CLOSE_CODE, DeskBusy, ServerFrame, TAKEN_OVER_CLOSE_CODE, type RequestFrame } from './frames';

/** The subset of the WebSocket API shared by browsers and the `ws` package. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WebSocketTransportOptions {
  readonly url: string;
  readonly createSocket: (url: string) => WebSocketLike;
  /** Reconnect after the host restarts; requests made while down wait for the new socket. */
  readonly reconnectDelayMs?: number;
  readonly onConnectionChange?: (connected: boolean) => void;
  /** Another page took over (TAKEN_OVER_CLOSE_CODE): this transport is closed for good. */
  readonly onTakenOver?: () => void;
  /** The desk is busy in another page (DESK_REFUSED_CLOSE_CODE): this transport is closed for good, nothing it queued was sent. */
  readonly onRefused?: (why: DeskBusy) => void;
}

export interface WebSocketTransport extends AgentTransport {
  close(): void;
  readonly connected: boolean;
}

const OPEN = 1;

/**
 * window.agent over the browser host's loopback WebSocket. Requests get an id and resolve with
 * the matching response; a request whose socket closes before the answer resolves to
 * TRANSPORT_CLOSED rather than hanging, because the core may or may not have applied it.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { url, createSocket, reconnectDelayMs = 250, onConnectionChange, onTakenOver, onRefused } = options;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const queued: RequestFrame[] = [];
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let closed = false;
  let connected = false;

  const connect = () => {
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      connected = true;
      onConnectionChange?.(true);
      for (const frame of queued.splice(0)) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (ev) => {
      let data: unknown;
      try {
        data = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      const frame = ServerFrame.safeParse(data);
      if (!frame.success) return;
      if (frame.data.type === 'response') {
        const resolve = pending.get(frame.data.id);
        pending.delete(frame.data.id);
        resolve?.(frame.data.result as Result<unknown>);
      } else {
        for (const l of [...listeners]) l(frame.data.name, frame.data.payload);
      }
    };
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      const code = (ev as { code?: number } | null)?.code;
      if (code === TAKEN_OVER_CLOSE_CODE || code === DESK_REFUSED_CLOSE_CODE) closed = true;
      const wasConnected = connected;
      connected = false;
      if (wasConnected) onConnectionChange?.(false);
      for (const [id, resolve] of pending) {
        if (queued.some((f) => f.id === id)) continue;
        pending.delete(id);
        resolve(fail('TRANSPORT_CLOSED', 'The connection to the workstation core closed before it answered.'));
      }
      if (!closed) setTimeout(connect, reconnectDelayMs);
      else if (code === TAKEN_OVER_CLOSE_CODE) {
        for (const frame of queued.splice(0)) pending.get(frame.id)?.(fail('TRANSPORT_CLOSED', 'This window was taken over by another one.'));
        pending.clear();
        onTakenOver?.();
      } else if (code === DESK_REFUSED_CLOSE_CODE) {
        for (const resolve of pending.values()) resolve(fail('TRANSPORT_CLOSED', 'The desk is in use in another window.'));
        pending.clear();
        queued.length = 0;
        const why = DeskBusy.safeParse((ev as { reason?: unknown } | null)?.reason);
        onRefused?.(why.success ? why.data : 'call');
      }
    };
  };
  connect();

  return {
    get connected() {
      return connected;
    },
    request(method, input) {
      if (closed) return Promise.resolve(fail('TRANSPORT_CLOSED', 'The agent API connection was closed.'));
      const frame: RequestFrame = { type: 'request', id: nextId++, method, input };
      return new Promise((resolve) => {
        pending.set(frame.id, resolve);
        if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(frame));
        else queued.push(frame);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
      for (const resolve of pending.values()) resolve(fail('TRANSPORT_CLOSED', 'The agent API connection was closed.'));
      pending.clear();
      queued.length = 0;
    },
  };
}
