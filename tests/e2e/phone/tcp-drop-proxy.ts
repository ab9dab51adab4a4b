import net from 'node:net';

/**
 * A TCP relay between one agent and Kamailio that can drop that agent's network on demand,
 * which no real component here can do: cut() is a hard drop (the socket closes), blackhole() a
 * silent one (the socket stays open, bytes vanish), restore() heals it. strandOpen() leaves the
 * sockets open now half-dead for good while new connections pass: what a laptop finds on waking
 * after its NAT mapping or the server's side of the socket went away in the night.
 */
export interface DropProxy {
  readonly port: number;
  cut(): void;
  blackhole(): void;
  restore(): void;
  strandOpen(): void;
  close(): Promise<void>;
}

export function startDropProxy(targetPort: number, host = '127.0.0.1'): Promise<DropProxy> {
  let mode: 'pass' | 'cut' | 'blackhole' = 'pass';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; stranded: boolean }>();
  const destroyAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    pairs.clear();
  };
  const server = net.createServer((client) => {
    if (mode !== 'pass') {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, host);
    const pair = { client, upstream, stranded: false };
    pairs.add(pair);
    client.on('data', (b) => mode === 'pass' && !pair.stranded && upstream.write(b));
    upstream.on('data', (b) => mode === 'pass' && !pair.stranded && client.write(b));
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
  return new Promise((resolve) =>
    server.listen(0, host, () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
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
