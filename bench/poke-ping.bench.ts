/**
 * What the workstation's poke-socket ping (src/core/sync/poke-listener.ts: one every
 * PING_EVERY_MS, a pong expected within PONG_TIMEOUT_MS) costs the sync server at scale: N open
 * sockets, idle but for the pings, against a ws server as the sync server runs it (the `ws`
 * package answers a ping frame in its receiver: no handler, no database). The clients run in a
 * child process, so the CPU time measured is the server's own; the same window is measured with
 * the pings off, and the difference is the pings' cost. Prints CPU ms per wall second, the
 * share of one core, and the bytes on the wire, with the load average.
 *
 *   node --import tsx bench/poke-ping.bench.ts   (POKE_PING_AGENTS=1000, POKE_PING_SECONDS=15)
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { WebSocket, WebSocketServer } from 'ws';
import { PING_EVERY_MS } from '../src/core/sync/poke-listener';

const AGENTS = Number(process.env.POKE_PING_AGENTS ?? 1000);
const SECONDS = Number(process.env.POKE_PING_SECONDS ?? 15);

async function clients(port: number, n: number, ping: boolean): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i++) {
    const s = new WebSocket(`ws://127.0.0.1:${port}/v1/poke`);
    await new Promise<void>((resolve, reject) => {
      s.once('open', () => resolve());
      s.once('error', reject);
    });
    sockets.push(s);
  }
  process.send?.({ type: 'open' });
  if (ping) {
    // Spread over the interval, as 1,000 workstations that opened their sockets at different moments are.
    sockets.forEach((s, i) => setTimeout(() => setInterval(() => s.ping(), PING_EVERY_MS), (i * PING_EVERY_MS) / n));
  }
}

async function window(wss: WebSocketServer, port: number, ping: boolean): Promise<{ cpuMsPerS: number; received: number }> {
  let received = 0;
  const onPing = () => received++;
  wss.on('connection', (s) => s.on('ping', onPing));
  const child = fork(__filename, ['clients', String(port), String(AGENTS), ping ? '1' : '0'], { execArgv: ['--import', 'tsx'] });
  await new Promise<void>((resolve) => child.on('message', () => resolve()));
  // Let the connection storm and the first pings settle before measuring.
  await new Promise((r) => setTimeout(r, 2000));
  received = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const used = process.cpuUsage(cpu);
  const wallS = (performance.now() - start) / 1000;
  const got = received;
  child.kill();
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (const s of wss.clients) s.terminate();
  wss.removeAllListeners('connection');
  return { cpuMsPerS: (used.user + used.system) / 1000 / wallS, received: got / wallS };
}

async function main(): Promise<void> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 64 * 1024 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  const idle = await window(wss, port, false);
  const pinging = await window(wss, port, true);
  wss.close();
  const extra = pinging.cpuMsPerS - idle.cpuMsPerS;
  // A client ping frame: 2 header + 4 mask bytes, no payload; the pong: 2 bytes; each in a TCP segment (52 bytes of TCP/IPv4 headers with timestamps).
  const bytesPerS = pinging.received * (6 + 52 + 2 + 52);
  console.log(
    `poke ping, ${AGENTS} sockets, one ping each per ${PING_EVERY_MS} ms: server got ${Math.round(pinging.received)} pings/s; ` +
      `server CPU ${idle.cpuMsPerS.toFixed(1)} ms/s idle, ${pinging.cpuMsPerS.toFixed(1)} ms/s pinging (+${extra.toFixed(1)} ms/s = ${(extra / 10).toFixed(1)} % of a core); ` +
      `on the wire ≈ ${((bytesPerS * 8) / 1e6).toFixed(2)} Mbit/s both ways at the server, ${(bytesPerS / pinging.received).toFixed(0)} B/s per workstation ` +
      `(load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`,
  );
}

if (process.argv[2] === 'clients') void clients(Number(process.argv[3]), Number(process.argv[4]), process.argv[5] === '1');
else void main();
