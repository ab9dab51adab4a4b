// Builds the four bundles: the renderer and the supervisor console with Vite, main and preload with esbuild. Main leaves
// every package external (electron-builder ships node_modules): native modules (the SQLite
// cipher, keytar, argon2) and PGlite's WebAssembly files must load from their own folders.
// The sandboxed preload can't require packages, so it bundles what it imports. Main's pull
// worker is a second entry beside main/index.js.
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const common = { outdir: path.join(root, 'out'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  vite({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' }),
  vite({ configFile: path.join(root, 'vite.console.config.mts'), logLevel: 'warn' }),
  // The pull worker (src/core/sync/pull-worker.ts) runs in a worker_thread beside main: its own
  // bundle in out/main, where pullWorkerEntry() looks for it.
  esbuild({
    ...common,
    entryPoints: { 'main/index': path.join(root, 'main/index.ts'), 'main/pull-worker': path.join(root, 'src/core/sync/pull-worker.ts') },
    packages: 'external',
  }),
  esbuild({ ...common, entryPoints: { 'preload/index': path.join(root, 'preload/index.ts') }, external: ['electron'] }),
]);
console.log('built out/main, out/preload, out/renderer, out/console');
