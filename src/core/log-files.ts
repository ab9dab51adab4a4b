import fs from 'node:fs';
import path from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { LogSink } from './log';

/** The log file IT reads; rotated copies are `workstation.log.1` (newest) … `.N`, as logrotate names them. */
export const LOG_FILE = 'workstation.log';

export interface LogFileLimits {
  /** Rotate when the file reaches this many bytes. Default 5 MiB. */
  readonly maxBytes: number;
  /** Rotated files kept besides the current one; older ones are deleted. Default 5. */
  readonly keep: number;
}

export const DEFAULT_LOG_LIMITS: LogFileLimits = { maxBytes: 5 * 1024 * 1024, keep: 5 };

export interface LogFiles {
  /** Writes one line (a newline is added). Never throws: a full disk must not stop the app. */
  readonly write: LogSink;
  readonly dir: string;
  /** Resolves once every line written so far is in the file (before a diagnostics export reads it). */
  flush(): Promise<void>;
  /** Flushes and closes the current file. */
  close(): Promise<void>;
}

/**
 * The profile's log files in `dir` (created 0700, files 0600), rotated by size with a bounded
 * count (rotating-file-stream's logrotate mode), so a fleet laptop's logs never grow without end.
 * Lines reach it already redacted by the logger (log.ts).
 */
export function openLogFiles(dir: string, limits: LogFileLimits = DEFAULT_LOG_LIMITS, onError: (err: Error) => void = () => undefined): LogFiles {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stream: RotatingFileStream = createStream(LOG_FILE, { path: dir, size: `${Math.max(1, Math.floor(limits.maxBytes / 1024))}K`, rotate: limits.keep, mode: 0o600 });
  stream.on('error', onError);
  return {
    dir,
    write: (line) => {
      try {
        stream.write(line + '\n');
      } catch (err) {
        onError(err instanceof Error ? err : new Error(String(err)));
      }
    },
    // Writes are applied in order: the callback of an empty write runs after all earlier ones.
    flush: () => new Promise<void>((resolve) => stream.write('', () => resolve())),
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

/** The log files in `dir`, newest first (current, then .1, .2, …). */
export function listLogFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const index = (n: string) => (n === LOG_FILE ? 0 : Number(n.slice(LOG_FILE.length + 1)));
  return names
    .filter((n) => n === LOG_FILE || new RegExp(`^${LOG_FILE.replace('.', '\\.')}\\.\\d+$`).test(n))
    .sort((a, b) => index(a) - index(b))
    .map((n) => path.join(dir, n));
}
