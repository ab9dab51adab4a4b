import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The loopback ports a profile served on last time, kept in its folder (`ports.json`, not a
 * secret) so a restart serves on the same addresses: an open desk page finds its restarted core
 * (issue 16 A2), and the supervisor console's address printed at start stays right after a crash.
 */
export const PORTS_FILE = 'ports.json';

const Port = z.number().int().min(1024).max(65535);
const Ports = z.object({ host: Port.optional(), syncServer: Port.optional() });
export type ProfilePorts = z.infer<typeof Ports>;
export type PortName = keyof ProfilePorts;

/** The stored ports; an unreadable or damaged file counts as none (the ports are only a preference). */
export function readProfilePorts(dataDir: string): ProfilePorts {
  try {
    const parsed = Ports.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, PORTS_FILE), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Records the port `name` served on (atomically: a crash mid-write leaves the old file). */
export function rememberProfilePort(dataDir: string, name: PortName, port: number): void {
  const next = { ...readProfilePorts(dataDir), [name]: port };
  const file = path.join(dataDir, PORTS_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(next) + '\n', { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Resolves true when nothing listens on 127.0.0.1:`port` (we could bind it just now). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A port the OS has free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The port to serve `name` on: the one it had last time if it is still free, else a fresh one.
 * Between this answer and the server's listen another program could take it; the server's
 * listen then fails with EADDRINUSE and the caller starts on a fresh port.
 */
export async function choosePort(dataDir: string, name: PortName): Promise<number> {
  const last = readProfilePorts(dataDir)[name];
  if (last !== undefined && (await portIsFree(last))) return last;
  return freePort();
}
