// Builds the four bundles: the renderer and the supervisor console with Vite, main and preload with esbuild. Main leaves
// every package external (electron-builder ships node_modules): native modules (the SQLite
// cipher, keytar, argon2) and PGlite's WebAssembly files must load from their own folders.
// The sandboxed preload can't require packages, so it bundles what it imports. Main's pull
// worker is a second entry beside main/index.js.
//
//   node scripts/build.mjs               builds
//   node scripts/build.mjs --if-changed  builds only when an input changed since the last build
//                                        (`npm start` uses it: issue 16 A9, no rebuild on every start)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** What the bundles are built from: sources, configs, the lock file (installed packages) and patches. */
const INPUT_DIRS = ['src', 'main', 'preload', 'renderer', 'console', 'patches'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'vite.config.mts', 'vite.console.config.mts', 'tsconfig.base.json', 'tsconfig.json', 'tsconfig.renderer.json', 'tsconfig.electron.json', 'scripts/build.mjs'];
const OUTPUTS = ['out/main/index.js', 'out/main/pull-worker.js', 'out/main/page-fetcher.js', 'out/main/sync-server-worker.js', 'out/preload/index.js', 'out/renderer/index.html', 'out/console/index.html'];
const STAMP = path.join(root, 'out/.build-stamp');

/** One hash over every input file's path and content (a few hundred files: tens of milliseconds). */
function inputsHash() {
  const hash = createHash('sha256');
  const add = (rel) => hash.update(`${rel}\n`).update(fs.readFileSync(path.join(root, rel)));
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) add(child);
    }
  };
  for (const dir of INPUT_DIRS) if (fs.existsSync(path.join(root, dir))) walk(dir);
  for (const file of INPUT_FILES) if (fs.existsSync(path.join(root, file))) add(file);
  return hash.digest('hex');
}

const stamp = inputsHash();
if (process.argv.includes('--if-changed')) {
  const built = OUTPUTS.every((f) => fs.existsSync(path.join(root, f)));
  const last = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : null;
  if (built && last === stamp) {
    console.log('out/ is up to date with the sources: not rebuilding.');
    process.exit(0);
  }
}

// Loaded only when building: importing Vite and esbuild alone takes a noticeable part of a second.
const [{ build: esbuild }, { build: vite }] = await Promise.all([import('esbuild'), import('vite')]);
const common = { outdir: path.join(root, 'out'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  vite({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' }),
  vite({ configFile: path.join(root, 'vite.console.config.mts'), logLevel: 'warn' }),
  // The pull worker (src/core/sync/pull-worker.ts), its page fetcher (page-fetcher.ts) and the
  // demo's embedded sync server (src/server/embedded-worker.ts) run in worker_threads beside
  // main: their own bundles in out/main, where pullWorkerEntry(), pageFetcherEntry() and
  // embeddedWorkerEntry() look for them.
  esbuild({
    ...common,
    entryPoints: {
      'main/index': path.join(root, 'main/index.ts'),
      'main/pull-worker': path.join(root, 'src/core/sync/pull-worker.ts'),
      'main/page-fetcher': path.join(root, 'src/core/sync/page-fetcher.ts'),
      'main/sync-server-worker': path.join(root, 'src/server/embedded-worker.ts'),
    },
    packages: 'external',
  }),
  esbuild({ ...common, entryPoints: { 'preload/index': path.join(root, 'preload/index.ts') }, external: ['electron'] }),
]);
// Written last: a build that failed half-way leaves the old stamp, so the next start builds again.
fs.writeFileSync(STAMP, stamp + '\n');
console.log('built out/main, out/preload, out/renderer, out/console');
