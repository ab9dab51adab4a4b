// Preload (--import) for running a bench on another Node.js than the project's
// (scripts/bench-runtimes.mjs): the project's SQLite modules are compiled for the project Node's
// ABI, so require() takes them from copies compiled for this one, in $BENCH_NATIVE_MODULES_DIR.
import Module from 'node:module';
import path from 'node:path';

const dir = process.env.BENCH_NATIVE_MODULES_DIR;
if (!dir) throw new Error('BENCH_NATIVE_MODULES_DIR is not set');
const COPIED = new Set(['better-sqlite3', 'better-sqlite3-multiple-ciphers']);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, COPIED.has(request) ? path.join(dir, request) : request, ...rest);
};
