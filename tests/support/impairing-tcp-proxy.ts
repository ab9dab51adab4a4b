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

/**
 * One direction of one connection: chunks leave in order, each no sooner than its own delay.
 * `drained(then)` runs `then` once every chunk already pushed has left: a side's close reaches the
 * other side after the data it sent before closing, as TCP's FIN follows the data (an HTTP server
 * that answers and closes, like Kamailio's xhttp, is otherwise cut off before its answer).
 */
function delayedPipe(to: net.Socket, impairment: () => Impairment, passing: () => boolean) {
  let lastDue = 0;
  const push = (chunk: Buffer): void => {
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
  const drained = (then: () => void): void => {
    const waitMs = lastDue - Date.now();
    if (waitMs > 0) setTimeout(then, waitMs + 1);
    else then();
  };
  return { push, drained };
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
    const toUpstream = delayedPipe(upstream, () => impairment, flowing);
    const toClient = delayedPipe(client, () => impairment, flowing);
    client.on('data', toUpstream.push);
    upstream.on('data', toClient.push);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // An orderly close passes on after the data before it (ending, so what was written is flushed).
    const closeAfter = (pipe: ReturnType<typeof delayedPipe>) => () =>
      pipe.drained(() => {
        pairs.delete(pair);
        client.end();
        upstream.end();
      });
    client.on('close', closeAfter(toUpstream));
    upstream.on('close', closeAfter(toClient));
    for (const s of [client, upstream]) s.on('error', close);
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
