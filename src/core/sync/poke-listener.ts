import WebSocket from 'ws';
import { PokeMessage } from '../../contract';
import type { Clock } from '../clock';

export interface PokeListenerEvents {
  readonly onOpen: () => void;
  readonly onMessage: (message: PokeMessage) => void;
  /** The socket closed (or never opened); the engine's schedule decides when to reconnect. */
  readonly onClose: () => void;
}

/**
 * How often the workstation pings the server while the socket is open, and how long it waits for
 * the pong before taking the socket for dead. A cut that resets the connection closes the
 * socket by itself; one that blackholes it (a NAT gone, a cable pulled upstream) leaves it open
 * and silent, and the server's own ping every 25 s (server/poke.ts) is far too slow for the
 * status bar's 3 s (issue 14). 1 s + 1.75 s keeps a blackhole under 3 s with 0.25 s for the
 * status to reach the page. The server's ws answers a ping frame by itself (no handler, no
 * database): at 1,000 agents that is 1,000 pings and pongs a second, about 3 % of one core and
 * 0.9 Mbit/s at the server, 112 B/s per workstation (bench/poke-ping.bench.ts, measured at load 24).
 */
export const PING_EVERY_MS = 1000;
export const PONG_TIMEOUT_MS = 1750;

/**
 * The wait for a pong on a line whose round trip is `rttMs` (smoothed; null before any): never
 * less than PONG_TIMEOUT_MS, and twice the round trip on a line slower than that (a satellite
 * link, a congested mobile one), so a slow line that still answers is not taken for a dead one
 * and the status does not flap; a dead one is still found within two of its round trips.
 */
export function pongTimeout(rttMs: number | null): number {
  return Math.max(PONG_TIMEOUT_MS, 2 * (rttMs ?? 0));
}

/**
 * The smoothed round trip after one more sample: 3/4 old, 1/4 new, so a slow handshake (a busy
 * server checking the token) stops counting within a few pings, while one late pong does not
 * halve the next wait.
 */
export function smoothRtt(rttMs: number | null, sampleMs: number): number {
  return rttMs === null ? sampleMs : (3 * rttMs + sampleMs) / 4;
}

/**
 * The poke socket: the server says "something new to pull" over it. One socket at a time;
 * reconnecting is the schedule's decision (schedule.ts), not this one's. While open it pings
 * the server, one ping out at a time; a ping unanswered past pongTimeout() closes the socket,
 * which the engine hears as any other close (sync-online.ts: Offline).
 */
export class PokeListener {
  private socket: WebSocket | null = null;
  private cancelPing: (() => void) | null = null;
  private cancelDeadline: (() => void) | null = null;
  /** When the ping now out left (clock ms); null when none is out. */
  private pingSentAt: number | null = null;
  /** The line's smoothed round trip, from the handshake and the pongs; null before any. */
  private rttMs: number | null = null;
  private pongCount = 0;

  /** Pongs heard since this listener was made: tests wait on them instead of sleeping through ping rounds. */
  get pongs(): number {
    return this.pongCount;
  }

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
    const now = () => this.clock.now().getTime();
    const startedAt = now();
    const socket = new WebSocket(this.url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 15_000 });
    this.socket = socket;
    // Any frame from the server (pong, its own ping, a poke) says the path is alive; a pong also times the line.
    const heard = (pong = false) => {
      if (this.socket !== socket) return;
      if (pong) this.pongCount += 1;
      if (pong && this.pingSentAt !== null) this.rttMs = smoothRtt(this.rttMs, now() - this.pingSentAt);
      this.pingSentAt = null;
      this.cancelDeadline?.();
      this.cancelDeadline = null;
    };
    const ping = () => {
      this.cancelPing = this.clock.setTimer(ping, PING_EVERY_MS);
      if (socket.readyState !== WebSocket.OPEN || this.pingSentAt !== null) return;
      socket.ping();
      this.pingSentAt = now();
      this.cancelDeadline = this.clock.setTimer(() => {
        // A core whose loop was held (a long page applied, a busy machine) fires this late, with
        // the pong maybe read but not yet handled: one more turn of the loop lets it in first.
        this.cancelDeadline = this.clock.setTimer(() => {
          this.cancelDeadline = null;
          if (this.pingSentAt !== null && this.socket === socket) socket.terminate();
        }, 0);
      }, pongTimeout(this.rttMs));
    };
    socket.on('open', () => {
      // The handshake is two round trips (TCP, then the upgrade): the line's first measure.
      this.rttMs = (now() - startedAt) / 2;
      heard();
      ping();
      this.events.onOpen();
    });
    socket.on('ping', () => heard());
    socket.on('pong', () => heard(true));
    socket.on('message', (data) => {
      heard();
      const msg = PokeMessage.safeParse(safeJson(String(data)));
      if (msg.success) this.events.onMessage(msg.data);
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.stopPinging();
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

  private stopPinging(): void {
    this.cancelPing?.();
    this.cancelPing = null;
    this.cancelDeadline?.();
    this.cancelDeadline = null;
    this.pingSentAt = null;
  }

  close(): void {
    const s = this.socket;
    this.socket = null;
    this.stopPinging();
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
