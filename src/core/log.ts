/**
 * Structured log lines. Secrets never reach a log: fields whose names look like secrets are
 * redacted before a line is written, whatever the caller passed.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

const SECRET_FIELD = /pass(word)?|secret|token|key|authorization|cookie/i;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(
  sink: LogSink = (line) => process.stderr.write(line + '\n'),
  base: LogFields = {},
  minLevel: LogLevel = (process.env.AGENT_LOG_LEVEL as LogLevel | undefined) ?? 'info',
): Logger {
  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVELS[level] < (LEVELS[minLevel] ?? 20)) return;
    const record = redact({ ...base, ...fields }) as LogFields;
    sink(JSON.stringify({ t: new Date().toISOString(), level, msg, ...record }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(sink, { ...base, ...fields }, minLevel),
  };
}

export const silentLogger: Logger = createLogger(() => undefined);
