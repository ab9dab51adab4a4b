// Runs the browser host (src/host/main.ts) and restarts it when it dies unexpectedly, so a
// crash of the host never leaves the agent in front of a dead page: the restarted host listens
// on the same port with the same session secret (both kept per profile by the host itself:
// ports.json and the profile's vault), and the open page reconnects on its own.
//
//   node scripts/host-supervisor.mjs        (scripts/start.mjs calls superviseHost after building)
//
// Lines it prints for tools and tests: AGENT_HOST_PID=<pid> for every host it starts, and the
// host's own AGENT_HOST_URL=… line.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** More restarts than this within RESTART_WINDOW_MS is a crash loop: the supervisor gives up. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 60_000;

/**
 * Whether a host that exited with `code`/`signal` should be started again: not when we asked it
 * to stop, not when it refused to start (exit code 1 before serving), not in a crash loop.
 * @param {{ stopping: boolean, served: boolean, code: number | null, signal: string | null, recentRestarts: number }} exit
 */
export function shouldRestart(exit) {
  if (exit.stopping || !exit.served) return false;
  if (exit.code === 0 && exit.signal === null) return false;
  return exit.recentRestarts < MAX_RESTARTS;
}

/**
 * @param {{ env?: NodeJS.ProcessEnv, out?: NodeJS.WritableStream, startedAt?: number }} [options]
 *   startedAt: when `npm start` began (ms since the epoch); the first host's address line is
 *   followed by "Desk ready in N s" counted from it.
 * @returns {Promise<number>} the exit code to leave with
 */
export function superviseHost(options = {}) {
  const out = options.out ?? process.stdout;
  const env = { ...(options.env ?? process.env) };
  const restarts = [];
  let stopping = false;
  let child = null;

  return new Promise((resolve) => {
    const start = (resume) => {
      let served = false;
      child = spawn(process.execPath, ['--import', 'tsx', 'src/host/main.ts'], {
        cwd: root,
        env: resume ? { ...env, AGENT_HOST_RESUME: '1' } : env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.on('error', (err) => out.write(`Agent Workstation host could not be started: ${err.message}\n`));
      child.stdout.on('error', () => undefined);
      out.write(`AGENT_HOST_PID=${child.pid}\n`);
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        out.write(line + '\n');
        if (line.startsWith('AGENT_HOST_URL=')) {
          if (!served && !resume && options.startedAt !== undefined) {
            out.write(`Desk ready in ${((Date.now() - options.startedAt) / 1000).toFixed(1)} s.\n`);
          }
          served = true;
          // Later hosts take the same port, so the page's address stays right.
          env.AGENT_HOST_PORT = new URL(line.slice('AGENT_HOST_URL='.length)).port;
        }
        // The restarted host takes over closing the browser window this one opened.
        const browserPid = /^AGENT_BROWSER_PID=(\d+)$/.exec(line)?.[1];
        if (browserPid) env.AGENT_BROWSER_PID = browserPid;
      });
      child.once('exit', (code, signal) => {
        const now = Date.now();
        while (restarts.length && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
        if (shouldRestart({ stopping, served, code, signal, recentRestarts: restarts.length })) {
          restarts.push(now);
          out.write(`The Agent Workstation host stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it.\n`);
          start(true);
          return;
        }
        if (!stopping && served && (code !== 0 || signal !== null)) {
          out.write('The Agent Workstation host keeps stopping; not restarting it again. See the log above.\n');
        }
        resolve(code ?? 1);
      });
    };
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.on(sig, () => {
        stopping = true;
        child?.kill(sig);
      });
    }
    start(false);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  superviseHost().then((code) => process.exit(code));
}
