// Native modules must match the runtime that loads them. npm builds them for Node; `npm start`
// rebuilds them for Electron where Electron exists. Tests run on Node: rebuild if needed.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const modules = ['better-sqlite3-multiple-ciphers', 'better-sqlite3', 'keytar'];
const stale = modules.filter((m) => {
  try {
    require(m);
    return false;
  } catch (err) {
    return /NODE_MODULE_VERSION|was compiled against a different Node.js version|invalid ELF|cannot open shared object/.test(String(err));
  }
});
if (stale.length) {
  console.log(`Rebuilding native modules for Node ${process.version}: ${stale.join(', ')}`);
  execFileSync('npm', ['rebuild', ...stale], { stdio: 'inherit' });
  try { (await import('node:fs')).rmSync('node_modules/.electron-native-abi', { force: true }); } catch { /* nothing to clear */ }
}
