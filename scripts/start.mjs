// `npm start`: build, then run the workstation in Electron where its runtime is installed,
// otherwise in the browser host (same core, same UI, served on 127.0.0.1) with the demo profile.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { superviseHost } from './host-supervisor.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['scripts/build.mjs']);

let electronBinary = null;
try {
  // In plain Node, the electron package exports the path of its binary.
  const candidate = require('electron');
  if (typeof candidate === 'string' && fs.existsSync(candidate)) electronBinary = candidate;
} catch {
  electronBinary = null;
}

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
  superviseHost().then((code) => process.exit(code));
}
