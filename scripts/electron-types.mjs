// Electron's binary can't be downloaded on every machine (and then npm drops the optional
// `electron` package), but main/ and preload/ must still be checked against its types. Fetch
// the same version's package from the npm registry and keep only electron.d.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
if (fs.existsSync(path.join(root, 'node_modules/electron/electron.d.ts'))) process.exit(0);

const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const version = lock.packages?.['node_modules/electron']?.version;
if (!version) throw new Error('electron is not in package-lock.json');
const outDir = path.join(root, '.cache/electron-types');
const marker = path.join(outDir, 'version');
if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === version) process.exit(0);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'electron-types-'));
execFileSync('npm', ['pack', `electron@${version}`, '--silent', '--pack-destination', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
execFileSync('tar', ['xzf', path.join(tmp, tarball), '-C', tmp, 'package/electron.d.ts']);
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(tmp, 'package/electron.d.ts'), path.join(outDir, 'electron.d.ts'));
fs.writeFileSync(marker, version);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`electron ${version} types fetched for type-checking main/ and preload/`);
