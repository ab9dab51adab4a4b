import path from 'node:path';

/**
 * Where a sync worker thread's code is: beside this module as .ts under tsx (the browser host,
 * tests), and beside main's bundle in the Electron build, where scripts/build.mjs writes
 * out/main/pull-worker.js and out/main/page-fetcher.js (bundled, __dirname is out/main).
 */
export function syncWorkerEntry(name: 'pull-worker' | 'page-fetcher'): string {
  return path.join(__dirname, `${name}${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
}

/** What a Worker needs to run `entry`: tsx to compile a .ts source; nothing for a bundle. */
export function workerExecArgv(entry: string): string[] | undefined {
  return entry.endsWith('.ts') ? ['--import', 'tsx'] : undefined;
}
