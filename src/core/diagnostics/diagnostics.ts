import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { redact, scrubText } from '../log';
import { listLogFiles } from '../log-files';

/** How much of each log file goes into the zip: its last 2 MiB. */
export const LOG_TAIL_BYTES = 2 * 1024 * 1024;
/** How many log files: the current one and the two before it. */
export const LOG_FILES_IN_EXPORT = 3;

/** What the workstation knows about itself, gathered by the core for an export. */
export interface DiagnosticsFacts {
  readonly now: Date;
  /** App name, version, host; runtime versions (node, v8, electron, chrome, …); OS. */
  readonly versions: Record<string, unknown>;
  /** The profile's stored settings as key → value (JSON values parsed); secrets are removed here. */
  readonly settings: Record<string, unknown>;
  readonly phone: unknown;
  readonly sync: unknown;
  readonly environment: unknown;
  /** The folder of the rotated log files. */
  readonly logDir: string;
  /** IT's policy as it applies, with its problems. */
  readonly policy?: unknown;
}

function tail(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    const text = buf.toString('utf8');
    // Start at a whole line when the file was cut.
    return length < size ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    fs.closeSync(fd);
  }
}

const json = (v: unknown) => strToU8(JSON.stringify(v, null, 2) + '\n');

/**
 * The diagnostics zip an agent sends to IT (issue 15 B4): `versions.json`, `settings.json`
 * (every secret-looking field `[redacted]`, customer data removed, by the logger's own
 * `redact`), `phone.json`, `sync.json`, `environment.json`, and `logs/` (the newest log files,
 * each its last 2 MiB, scrubbed once more). Returns the zip's bytes and its entry names.
 */
export function diagnosticsZip(f: DiagnosticsFacts): { zip: Uint8Array; entries: string[] } {
  const files: Zippable = {
    'versions.json': json({ exportedAt: f.now.toISOString(), ...f.versions }),
    'settings.json': json(redact(f.settings)),
    'phone.json': json(redact(f.phone)),
    'sync.json': json(redact(f.sync)),
    'environment.json': json(redact(f.environment)),
    'policy.json': json(redact(f.policy ?? null)),
  };
  for (const file of listLogFiles(f.logDir).slice(0, LOG_FILES_IN_EXPORT)) {
    files[`logs/${path.basename(file)}`] = strToU8(scrubText(tail(file, LOG_TAIL_BYTES)));
  }
  const mtime = f.now;
  const zip = zipSync(files, { level: 6, mtime });
  return { zip, entries: Object.keys(files) };
}

/** The zip's file name for an export made at `now`: agent-workstation-diagnostics-YYYYMMDD-HHMMSS.zip (UTC). */
export const diagnosticsFileName = (now: Date): string =>
  `agent-workstation-diagnostics-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.zip`;

/** Writes the export into `<dataDir>/diagnostics/` (0700 folder, 0600 file); returns its path. */
export function writeDiagnostics(dataDir: string, f: DiagnosticsFacts): { path: string; bytes: number; entries: string[] } {
  const { zip, entries } = diagnosticsZip(f);
  const dir = path.join(dataDir, 'diagnostics');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, diagnosticsFileName(f.now));
  fs.writeFileSync(file, zip, { mode: 0o600 });
  return { path: file, bytes: zip.byteLength, entries };
}
