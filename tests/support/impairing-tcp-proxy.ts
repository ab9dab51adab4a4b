import net from 'node:net';

/**
 * A TCP relay that makes a link behave like a bad home line, which the kernel here can't (no
 * netem): every chunk is held for `delayMs` ± `jitterMs` in each direction, in order (TCP never
 * reorders), and the link can be cut (sockets closed) or blackholed (bytes vanish, sockets stay
 * open) and restored. strandOpen() leaves the open sockets half-dead for good while new
 * connections pass: what a laptop finds on waking after its NAT mapping or the server's side of
 * the socket went away in the night. Used between a workstation and Kamailio's WebSocket, or the
 * sync server.
 */
export interface Impairment {
  /** Added one-way delay, ms, each direction. */
  readonly delayMs: number;
  /** Uniform random extra delay 0..jitterMs, ms (order kept: a chunk never overtakes the one before). */
  readonly jitterMs: number;
}

export interface ImpairingProxy {
  readonly port: number;
  impair(next: Partial<Impairment>): void;
  cut(): void;
  blackhole(): void;
  restore(): void;
  strandOpen(): void;
  close(): Promise<void>;
}

/** One direction of one connection: chunks leave in order, each no sooner than its own delay. */
function delayedPipe(to: net.Socket, impairment: () => Impairment, passing: () => boolean): (chunk: Buffer) => void {
  let lastDue = 0;
  return (chunk) => {
    if (!passing()) return;
    const { delayMs, jitterMs } = impairment();
    if (delayMs === 0 && jitterMs === 0) {
      to.write(chunk);
      return;
    }
    const due = Math.max(Date.now() + delayMs + Math.random() * jitterMs, lastDue);
    lastDue = due;
    setTimeout(() => {
      if (passing() && !to.destroyed) to.write(chunk);
    }, due - Date.now());
  };
}

export function startImpairingProxy(targetPort: number, host = '127.0.0.1'): Promise<ImpairingProxy> {
  let mode: 'pass' | 'cut' | 'blackhole' = 'pass';
  let impairment: Impairment = { delayMs: 0, jitterMs: 0 };
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; stranded: boolean }>();
  const destroyAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    pairs.clear();
  };
  const passing = () => mode === 'pass';
  const server = net.createServer((client) => {
    if (mode !== 'pass') {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, host);
    const pair = { client, upstream, stranded: false };
    pairs.add(pair);
    const flowing = () => passing() && !pair.stranded;
    client.on('data', delayedPipe(upstream, () => impairment, flowing));
    upstream.on('data', delayedPipe(client, () => impairment, flowing));
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', close);
      s.on('error', close);
    }
  });
  server.on('error', () => destroyAll());
  return new Promise((resolve) =>
    server.listen(0, host, () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        impair: (next) => {
          impairment = { ...impairment, ...next };
        },
        cut: () => {
          mode = 'cut';
          destroyAll();
        },
        blackhole: () => {
          mode = 'blackhole';
        },
        restore: () => {
          mode = 'pass';
        },
        strandOpen: () => {
          for (const p of pairs) p.stranded = true;
        },
        close: () =>
          new Promise<void>((r) => {
            mode = 'cut';
            destroyAll();
            server.close(() => r());
          }),
      }),
    ),
  );
}
