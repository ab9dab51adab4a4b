import type { WebSocket } from 'ws';
import type { PokeMessage } from '../contract';
import type { Logger } from '../core/log';
import type { SyncDb } from './db';
import { POKE_CHANNEL, PokeNotice } from './push';

/**
 * This instance's poke sockets. Every instance LISTENs on one channel, so a push committed
 * through any instance pokes the clients connected to all of them. Pokes go only to the agents
 * a notice names (everyone for shared changes), and are coalesced: notices arriving within
 * `coalesceMs` of each other reach a socket as one poke carrying the newest version.
 */
export class PokeHub {
  private readonly sockets = new Map<WebSocket, string>();
  private readonly alive = new WeakSet<WebSocket>();
  private latest = 0;
  private stop: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Sockets owed a poke, with the newest version for each, until the coalescing window ends. */
  private readonly owed = new Map<WebSocket, number>();
  private flushTimer: NodeJS.Timeout | null = null;

  /** Default coalescing window (SYNC_POKE_COALESCE_MS): at most 20 pokes a second per socket in a storm. */
  static readonly COALESCE_MS = 50;

  /** Home routers drop idle connections without a word: a ping keeps them open and finds the dead ones. */
  static readonly PING_INTERVAL_MS = 25_000;

  constructor(
    private readonly db: SyncDb,
    private readonly log: Logger,
    private readonly coalesceMs = PokeHub.COALESCE_MS,
    /** Told to each client in its hello: how often to send a heartbeat for the supervisors' board. */
    private readonly heartbeatMs?: number,
  ) {}

  async start(): Promise<void> {
    this.stop = await this.db.listen(
      POKE_CHANNEL,
      (payload) => this.onNotice(payload),
      // Notices may have been lost while the listening connection was down: everyone pulls.
      () => this.send(null, this.latest),
    );
    this.heartbeat = setInterval(() => {
      for (const socket of this.sockets.keys()) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        socket.ping();
      }
    }, PokeHub.PING_INTERVAL_MS);
    this.heartbeat.unref();
  }

  add(socket: WebSocket, agentId: string): void {
    this.sockets.set(socket, agentId);
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    this.write(socket, { type: 'hello', version: this.latest, ...(this.heartbeatMs === undefined ? {} : { heartbeatMs: this.heartbeatMs }) });
  }

  get size(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.owed.clear();
    await this.stop?.();
    for (const s of this.sockets.keys()) s.close(1001, 'server closing');
    this.sockets.clear();
  }

  private onNotice(payload: string): void {
    let notice: PokeNotice;
    try {
      notice = PokeNotice.parse(JSON.parse(payload));
    } catch (err) {
      this.log.warn('ignored a malformed poke notice', { error: err });
      return;
    }
    this.latest = Math.max(this.latest, notice.v);
    this.send(notice.a, notice.v);
  }

  private send(audience: readonly string[] | null, version: number): void {
    for (const [socket, agentId] of this.sockets) {
      if (audience === null || audience.includes(agentId)) this.owed.set(socket, Math.max(version, this.owed.get(socket) ?? 0));
    }
    if (this.owed.size === 0 || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const owed = [...this.owed];
      this.owed.clear();
      for (const [socket, v] of owed) this.write(socket, { type: 'poke', version: v });
    }, this.coalesceMs);
    this.flushTimer.unref();
  }

  private write(socket: WebSocket, msg: PokeMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  }
}
