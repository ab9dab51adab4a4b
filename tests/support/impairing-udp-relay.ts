import dgram from 'node:dgram';

/**
 * A UDP relay that makes the media path behave like a bad home line, which the kernel here can't
 * (no netem): put between a workstation and its TURN server (the workstation's TURN address is the
 * relay's port), every datagram each way is held `delayMs` ± `jitterMs` and dropped with
 * probability `lossPercent`. Datagrams may reorder under jitter, as on a real path. Each client
 * address gets its own upstream socket, so the TURN server sees one client per allocation.
 */
export interface UdpImpairment {
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossPercent: number;
}

export interface UdpRelayStats {
  forwarded: number;
  dropped: number;
}

export interface ImpairingUdpRelay {
  readonly port: number;
  readonly stats: UdpRelayStats;
  impair(next: Partial<UdpImpairment>): void;
  close(): Promise<void>;
}

/** A small seeded generator (mulberry32), so a run's losses can be replayed. */
export function seededUniform(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export function startImpairingUdpRelay(targetPort: number, o: { host?: string; seed?: number; impairment?: Partial<UdpImpairment> } = {}): Promise<ImpairingUdpRelay> {
  const host = o.host ?? '127.0.0.1';
  const random = seededUniform(o.seed ?? 1);
  let impairment: UdpImpairment = { delayMs: 0, jitterMs: 0, lossPercent: 0, ...o.impairment };
  const stats: UdpRelayStats = { forwarded: 0, dropped: 0 };
  const front = dgram.createSocket('udp4');
  const upstreams = new Map<string, dgram.Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;

  const later = (send: () => void) => {
    if (random() * 100 < impairment.lossPercent) {
      stats.dropped += 1;
      return;
    }
    stats.forwarded += 1;
    const wait = impairment.delayMs + random() * impairment.jitterMs;
    if (wait <= 0) return send();
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) send();
    }, wait);
    timers.add(t);
  };

  front.on('error', () => undefined);
  front.on('message', (msg, client) => {
    const key = `${client.address}:${client.port}`;
    let up = upstreams.get(key);
    if (!up) {
      const socket = dgram.createSocket('udp4');
      socket.on('error', () => undefined);
      socket.on('message', (reply) => later(() => front.send(reply, client.port, client.address)));
      upstreams.set(key, socket);
      up = socket;
    }
    const upstream = up;
    later(() => upstream.send(msg, targetPort, host));
  });

  return new Promise((resolve) =>
    front.bind(0, host, () =>
      resolve({
        port: front.address().port,
        stats,
        impair: (next) => {
          impairment = { ...impairment, ...next };
        },
        close: async () => {
          closed = true;
          for (const t of timers) clearTimeout(t);
          for (const s of upstreams.values()) s.close();
          await new Promise<void>((r) => front.close(() => r()));
        },
      }),
    ),
  );
}
