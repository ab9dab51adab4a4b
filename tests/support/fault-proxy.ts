import net from 'node:net';

/** A small seeded PRNG (mulberry32): a failing fault run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultStats {
  connections: number;
  /** Reset while a push request was on its way: the server never saw it (or saw part of it). */
  pushResetBeforeServer: number;
  /** Reset as the server's answer to a push came back: committed on the server, lost to the client. */
  pushResetAfterCommit: number;
  otherResets: number;
  refused: number;
}

/**
 * A real TCP proxy between a client and a server that resets connections (RST) at random
 * points: on a chunk going to the server, before it is forwarded, and on a chunk coming back,
 * before the client gets it. `down` resets every connection at once, like a dead line.
 */
export class FaultProxy {
  readonly stats: FaultStats = { connections: 0, pushResetBeforeServer: 0, pushResetAfterCommit: 0, otherResets: 0, refused: 0 };
  faults = true;
  private isDown = false;
  private loseNextPush = false;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly random: () => number,
    private readonly p: { beforeServer: number; afterServer: number },
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return `http://127.0.0.1:${this.port}`;
  }

  get down(): boolean {
    return this.isDown;
  }

  /** A dead line: open connections are reset and new ones refused. */
  set down(value: boolean) {
    this.isDown = value;
    if (value) for (const s of this.sockets) s.resetAndDestroy();
  }

  /** The next push reaches the server and commits, but its answer never reaches the client. */
  loseNextPushAnswer(): void {
    this.loseNextPush = true;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.stats.connections++;
    if (this.isDown) {
      this.stats.refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    let push = false;
    const reset = () => {
      client.resetAndDestroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (/^[A-Z]+ \//.test(chunk.subarray(0, 16).toString('latin1'))) push = chunk.subarray(0, 14).toString('latin1') === 'POST /v1/push ';
      if (this.faults && this.random() < this.p.beforeServer) {
        if (push) this.stats.pushResetBeforeServer++;
        else this.stats.otherResets++;
        return reset();
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (push && this.loseNextPush) {
        this.loseNextPush = false;
        this.stats.pushResetAfterCommit++;
        return reset();
      }
      if (this.faults && this.random() < this.p.afterServer) {
        if (push) this.stats.pushResetAfterCommit++;
        else this.stats.otherResets++;
        return reset();
      }
      client.write(chunk);
    });
    const cleanup = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      upstream.destroy();
      cleanup();
    });
    upstream.on('close', () => {
      client.end();
      cleanup();
    });
  }
}
