// Native modules must match the runtime that loads them, and must be there at all:
// - npm builds them for Node; `npm start` rebuilds them for Electron where Electron exists,
//   so tests rebuild them for Node when the ABI differs;
// - keytar is optional (it can't compile before libsecret's headers are installed, and the
//   demo needs no keychain): once system-deps.sh has installed them, build it if npm dropped it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const modules = ['better-sqlite3-multiple-ciphers', 'better-sqlite3', 'keytar'];

// Checked in a fresh process each time: Node caches package lookups, including failed ones.
const problem = (m) => {
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(m)})`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    return null;
  } catch (err) {
    const stderr = String(err.stderr ?? '');
    return stderr.includes('MODULE_NOT_FOUND') && stderr.includes(`'${m}'`) ? 'missing' : 'stale';
  }
};

const missing = modules.filter((m) => problem(m) === 'missing');
if (missing.length) {
  const specs = missing.map((m) => `${m}@${lock.packages[`node_modules/${m}`].version}`);
  console.log(`Installing native modules npm skipped: ${specs.join(', ')}`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...specs], { cwd: root, stdio: 'inherit' });
  // An install of an already-locked package can skip its build step; rebuild runs it for sure.
  execFileSync('npm', ['rebuild', ...missing], { cwd: root, stdio: 'inherit' });
}
const stale = modules.filter((m) => problem(m) === 'stale');
if (stale.length) {
  console.log(`Rebuilding native modules for Node ${process.version}: ${stale.join(', ')}`);
  execFileSync('npm', ['rebuild', ...stale], { cwd: root, stdio: 'inherit' });
  fs.rmSync(path.join(root, 'node_modules/.electron-native-abi'), { force: true });
}
const broken = modules.filter((m) => problem(m) !== null);
if (broken.length) {
  console.error(`These native modules still do not load: ${broken.join(', ')}`);
  process.exit(1);
}
