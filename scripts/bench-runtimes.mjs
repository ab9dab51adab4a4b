// `npm run bench`'s runtime comparison: the store bench on the machine's own Node.js (when it is
// another release than the project's, e.g. Debian's Node 20) and then on the project's Node,
// at the same size (BENCH_RUNTIME_CONTACTS, 50,000 by default, to keep it cheap), printed side by
// side. The other Node can't load the project's SQLite modules (another ABI), so copies are
// compiled once for it, with its own headers, into node_modules/.cache/bench-natives/.
// BENCH_OTHER_NODE=<path> picks the other Node; without one on PATH, nothing is compared.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNative } from './setup/node-gyp-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const contacts = process.env.BENCH_RUNTIME_CONTACTS ?? '50000';
const MODULES = ['better-sqlite3-multiple-ciphers', 'better-sqlite3'];

/** The first `node` on PATH outside node_modules that isn't the one running this. */
function otherNode() {
  if (process.env.BENCH_OTHER_NODE) return process.env.BENCH_OTHER_NODE;
  const self = fs.realpathSync(process.execPath);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (dir && !dir.split(path.sep).includes('node_modules') && fs.existsSync(candidate) && fs.realpathSync(candidate) !== self) return candidate;
  }
  return null;
}

/** Copies of the SQLite modules that load in `node`, compiled for it where they don't yet. */
async function nativeModulesFor(node, version) {
  const dir = path.join(root, 'node_modules/.cache/bench-natives', version);
  const nodedir = path.resolve(fs.realpathSync(node), '../..');
  const loads = (m) => spawnSync(node, ['-e', `new (require(${JSON.stringify(path.join(dir, m))}))(':memory:').close()`]).status === 0;
  const missing = MODULES.filter((m) => !loads(m));
  if (!missing.length) return dir;
  if (!fs.existsSync(path.join(nodedir, 'include/node/node_version.h'))) return null;
  console.log(`Compiling ${missing.join(', ')} for Node ${version} (once, into ${path.relative(root, dir)})`);
  await Promise.all(
    missing.map((m) => {
      const from = path.join(root, 'node_modules', m);
      const moduleDir = path.join(dir, m);
      fs.rmSync(moduleDir, { recursive: true, force: true });
      fs.cpSync(from, moduleDir, { recursive: true, filter: (src) => src !== path.join(from, 'build') });
      return buildNative({ node, nodedir, moduleDir });
    }),
  );
  return dir;
}

/** One run of the store bench; its figures as bench/store.bench.ts writes them. */
function storeBench(node, args, env) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runtime-')), 'figures.json');
  const r = spawnSync(node, [...args, '--import', 'tsx', 'bench/store.bench.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env, BENCH_CONTACTS: contacts, BENCH_FIGURES_FILE: file },
  });
  if (r.status !== 0) throw new Error(`the store bench failed on ${node}`);
  const figures = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return figures;
}

const other = otherNode();
const otherVersion = other && execFileSync(other, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
if (!other || otherVersion === process.version) {
  console.log('No other Node.js on PATH: nothing to compare the project Node with.');
  process.exit(0);
}
const modulesDir = await nativeModulesFor(other, otherVersion);
if (!modulesDir) {
  console.log(`No C headers for Node ${otherVersion} beside ${other}: runtime comparison skipped.`);
  process.exit(0);
}
const before = storeBench(other, ['--import', path.join(root, 'bench/native-modules-for.mjs')], { BENCH_NATIVE_MODULES_DIR: modulesDir });
const after = storeBench(process.execPath, [], {});

const v = (f) => `node ${f.node}`;
const row = (name, a, b, unit) =>
  `${name.padEnd(34)}${`${a.toFixed(3)} ${unit}`.padStart(14)}${`${b.toFixed(3)} ${unit}`.padStart(14)}${`${(b / a).toFixed(2)}×`.padStart(8)}\n`;
process.stdout.write(`\nstore bench by runtime: ${contacts} contacts, encrypted store, ${os.cpus().length} cores (ratio: ${v(after)} / ${v(before)})\n`);
process.stdout.write(`${''.padEnd(34)}${v(before).padStart(14)}${v(after).padStart(14)}${'ratio'.padStart(8)}\n`);
process.stdout.write(row('seeding', before.seedSeconds.encrypted, after.seedSeconds.encrypted, 's'));
for (const [k, name] of [['lookup', 'screen-pop lookup'], ['search', 'FTS contact search'], ['save', 'durable note save']]) {
  process.stdout.write(row(`${name} p50`, before.encrypted[k].p50, after.encrypted[k].p50, 'ms'));
  process.stdout.write(row(`${name} p99`, before.encrypted[k].p99, after.encrypted[k].p99, 'ms'));
}
