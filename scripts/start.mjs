// `npm start`: build (only when a source changed), then run the workstation in Electron where its
// runtime is installed, otherwise in the browser host (same core, same UI, served on 127.0.0.1)
// with the demo profile. Prints "Desk ready in N s", counted from this script's start.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { superviseHost } from './host-supervisor.mjs';

// When this process began, as the clock reads it (performance.timeOrigin is that instant).
const startedAt = performance.timeOrigin;
const root = path.resolve(import.meta.dirname, '..');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['scripts/build.mjs', '--if-changed']);

/**
 * The Electron binary if its runtime is installed. Read from the package's path.txt rather than
 * require('electron'), which tries to download the runtime when it is missing (a network wait on
 * every start of a machine that runs the browser host).
 */
function installedElectron() {
  const pkg = path.join(root, 'node_modules/electron');
  try {
    const rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkg, 'dist', rel);
    return rel && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
const electronBinary = installedElectron();

// Ctrl-C reaches the whole process group, but a process manager (or `kill <pid of npm>`) that
// signals npm alone leaves this script re-parented and the app running: when the process that
// started us goes away, stop as if told to.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();

const forward = (child) => {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (electronBinary && !process.env.AGENT_BROWSER_HOST) {
  // Native modules are compiled for Node by npm; Electron needs its own ABI once.
  const marker = path.join(root, 'node_modules/.electron-native-abi');
  const abi = fs.existsSync(path.join(root, 'node_modules/electron/abi_version'))
    ? fs.readFileSync(path.join(root, 'node_modules/electron/abi_version'), 'utf8')
    : 'unknown';
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== abi) {
    run('npx', ['electron-builder', 'install-app-deps']);
    fs.writeFileSync(marker, abi);
  }
  forward(spawn(electronBinary, ['.'], { stdio: 'inherit', cwd: root, env: { ...process.env, AGENT_PROFILE: process.env.AGENT_PROFILE ?? 'demo' } }));
} else {
  console.log('No Electron runtime installed here: starting the browser host with the demo profile.');
  // On the project's Node (node_modules/.bin/node); its native modules may be Electron's by now.
  run(process.execPath, ['scripts/setup/ensure-native.mjs']);
  // Supervised: a crashed host is restarted on the same address and the page reconnects.
  superviseHost({ startedAt }).then((code) => process.exit(code));
}
