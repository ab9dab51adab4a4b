import WebSocket from 'ws';
import { PokeMessage } from '../../contract';
import type { Clock } from '../clock';

export interface PokeListenerEvents {
  readonly onOpen: () => void;
  readonly onMessage: (message: PokeMessage) => void;
  /** The socket closed (or never opened); the engine's schedule decides when to reconnect. */
  readonly onClose: () => void;
}

/** The server pings every 25 s; silence for much longer means the path died without a close. */
const SILENCE_MS = 70_000;

/**
 * The poke socket: the server says "something new to pull" over it. One socket at a time;
 * reconnecting is the schedule's decision (schedule.ts), not this one's.
 */
export class PokeListener {
  private socket: WebSocket | null = null;
  private cancelSilence: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly clock: Clock,
    private readonly events: PokeListenerEvents,
  ) {}

  get open(): boolean {
    return this.socket !== null;
  }

  /** True once the socket is open: tests wait on it instead of sleeping. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  connect(token: string): void {
    if (this.socket) return;
    const socket = new WebSocket(this.url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 15_000 });
    this.socket = socket;
    const listen = () => {
      this.cancelSilence?.();
      this.cancelSilence = this.clock.setTimer(() => socket.terminate(), SILENCE_MS);
    };
    socket.on('open', () => {
      listen();
      this.events.onOpen();
    });
    socket.on('ping', listen);
    socket.on('message', (data) => {
      listen();
      const msg = PokeMessage.safeParse(safeJson(String(data)));
      if (msg.success) this.events.onMessage(msg.data);
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.cancelSilence?.();
      this.cancelSilence = null;
      this.socket = null;
      this.events.onClose();
    });
  }

  /** Sends a text frame (a heartbeat) if the socket is open; false when it could not. */
  send(text: string): boolean {
    const s = this.socket;
    if (s?.readyState !== WebSocket.OPEN) return false;
    s.send(text);
    return true;
  }

  close(): void {
    const s = this.socket;
    this.socket = null;
    this.cancelSilence?.();
    this.cancelSilence = null;
    s?.terminate();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
