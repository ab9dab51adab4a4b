import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const sipScripts = path.resolve(__dirname, '../../../scripts/sip');

/** Resolves with the wall-clock ms at which a TCP connect to the port first succeeds. */
export function whenListening(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, host);
      s.once('connect', () => {
        const at = Date.now();
        s.destroy();
        resolve(at);
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`nothing listens on ${host}:${port}`));
        else setTimeout(attempt, 5);
      });
    };
    attempt();
  });
}

/**
 * The namespace's Kamailio, started by netns-run.sh (KAM_RUN is inherited from it). start()
 * answers the moment the WebSocket port accepted its first connection, probed every 5 ms, so
 * recovery is measured from when the server really listens, not from when a script noticed.
 */
export const kamailio = {
  kill: () => execFileSync('bash', [path.join(sipScripts, 'kam-kill.sh')], { stdio: 'inherit' }),
  /** SIGSTOP to the server and its workers: it hangs with every socket open, as a stuck server does. */
  freeze: () => execFileSync('bash', [path.join(sipScripts, 'kam-signal.sh'), 'STOP'], { stdio: 'inherit' }),
  /** SIGCONT: the frozen server goes on with whatever queued meanwhile. */
  thaw: () => execFileSync('bash', [path.join(sipScripts, 'kam-signal.sh'), 'CONT'], { stdio: 'inherit' }),
  /** Whether the WebSocket port accepts a connection now. */
  listening: (port = 8088): Promise<boolean> =>
    new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => (s.destroy(), resolve(false)));
    }),
  start: async (port = 8088): Promise<number> => {
    const child = spawn('bash', [path.join(sipScripts, 'kam-start.sh')], { stdio: 'ignore' });
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    const listening = await whenListening(port);
    if ((await exited) !== 0) throw new Error('kam-start.sh failed');
    return listening;
  },
};
