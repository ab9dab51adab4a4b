import fs from 'node:fs';

/**
 * Makes a profile's folder private before anything is written in it. It holds customer data (the
 * encrypted store and its WAL, logs, note drafts, the demo's key file): readable by this user
 * only, whatever the umask — Debian's default 022 made the store 0644 and the folder 0755. Sets
 * the process umask to 077, so every file the core, its pull worker and the log writer create
 * later is 0600 too, and narrows a folder an older version made with wider modes.
 * Throws the fs error (EACCES, ENOTDIR…) when the folder cannot be made or narrowed.
 */
export function openProfileFolder(dataDir: string): void {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}
