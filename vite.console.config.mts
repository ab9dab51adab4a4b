import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The supervisor console: one static bundle the sync server serves under /console/
// (src/server/console/console-static.ts), built with the renderer's toolchain.
export default defineConfig({
  root: resolve(import.meta.dirname, 'console'),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/console'),
    emptyOutDir: true,
    sourcemap: true,
  },
});
