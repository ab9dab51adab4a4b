// Runs before npm builds dependencies: keytar compiles against libsecret's headers, which a fresh
// Debian machine lacks. As root, install them; otherwise say exactly what is missing.
import { execSync } from 'node:child_process';

if (process.platform !== 'linux') process.exit(0);
const installed = (pkg) => {
  try {
    return execSync(`dpkg-query -W -f='\${Status}' ${pkg}`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('install ok installed');
  } catch {
    return false;
  }
};
let hasDpkg = true;
try {
  execSync('command -v dpkg-query', { stdio: 'ignore', shell: '/bin/sh' });
} catch {
  hasDpkg = false;
}
if (!hasDpkg || installed('libsecret-1-dev')) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error('keytar needs libsecret headers to build: sudo apt-get install -y libsecret-1-dev');
  process.exit(0);
}
console.log('Installing libsecret-1-dev (keytar builds against it)…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsecret-1-dev >/dev/null', { stdio: 'inherit', shell: '/bin/sh' });
