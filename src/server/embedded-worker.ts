/**
 * The demo's embedded sync server in a worker thread of the host (issue 16 A9): opening PGlite,
 * checking migrations and seeding take seconds of CPU, which on the host's own thread froze the
 * desk that was already open. In a worker the desk stays responsive; the thread ends with the
 * host's process however it ends (SIGKILL included), so no orphan keeps the PGlite folder.
 *
 * Messages: see EmbeddedWorkerInit, ToEmbeddedWorker and FromEmbeddedWorker in embedded.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../core/log';
import { EmbeddedWorkerInit, ToEmbeddedWorker, type FromEmbeddedWorker, startEmbeddedSyncServer, type EmbeddedSyncServer } from './embedded';

const port = parentPort;
if (!port) throw new Error('embedded-worker.ts runs only as a worker thread');
const post = (m: FromEmbeddedWorker) => port.postMessage(m);
const log = createLogger((line) => post({ type: 'log', line }));
const init = EmbeddedWorkerInit.parse(workerData);

let server: EmbeddedSyncServer | null = null;
const started = startEmbeddedSyncServer({ ...init, log }).then(
  (s) => {
    server = s;
    post({ type: 'ready', port: s.server.port });
  },
  (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
);

port.on('message', (raw: unknown) => {
  const m = ToEmbeddedWorker.safeParse(raw);
  if (!m.success) return;
  void started
    .then(() => server?.close())
    .catch((err: unknown) => log.warn('embedded sync server did not close cleanly', { error: err }))
    .finally(() => post({ type: 'closed' }));
});
