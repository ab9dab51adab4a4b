// Builds the three bundles: the renderer with Vite, main and preload with esbuild. Native
// modules and electron stay external and load from node_modules at run time.
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const external = ['electron', 'better-sqlite3-multiple-ciphers', 'keytar', 'electron-updater'];

await Promise.all([
  vite({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' }),
  esbuild({
    entryPoints: { 'main/index': path.join(root, 'main/index.ts'), 'preload/index': path.join(root, 'preload/index.ts') },
    outdir: path.join(root, 'out'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external,
    logLevel: 'warning',
  }),
]);
console.log('built out/main, out/preload, out/renderer');
