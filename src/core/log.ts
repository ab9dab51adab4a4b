import { maskSensitiveNumbers } from '../contract/shared/sensitive-numbers';

/**
 * Structured log lines, written for IT (issue 15 B4): no secrets and no customer data reach a
 * log, whatever the caller passed. Before a line is written, fields whose names look like
 * secrets are `[redacted]`, fields that hold customer data (note bodies, names, numbers, answers)
 * are `[customer data]`, and in every remaining string phone numbers, email addresses, card and
 * CNIC numbers are replaced.
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

const SECRET_FIELD = /pass(word)?|secret|token|key|authorization|cookie|credential/i;
/** Field names whose values are the customer's: never logged, whatever they hold. */
const CUSTOMER_FIELD =
  /^(body|notes?|answers?|first_?name|last_?name|display_?name|full_?name|company|email|query|remote_?number|local_?number|number|phones?|e164|ani|dnis|fields|callback_?note|reason)$/i;
/** A phone number: 9 or more digits, with an optional + and single spaces or dashes between them. */
const PHONE_NUMBER = /(?<![\w+])\+?\d(?:[ -]?\d){8,}(?!\w)/g;
// An email address; a SIP URI's user@host (the agent's own account, the PBX) is not one.
const EMAIL = /(?<!sips?:)(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])/g;

/** A string with phone numbers, email addresses, card and CNIC numbers replaced. Pure. */
export function scrubText(text: string): string {
  return maskSensitiveNumbers(text).text.replace(EMAIL, '[email]').replace(PHONE_NUMBER, '[number]');
}
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The value with secrets and customer data removed (see the module comment); deeper than 4 levels is dropped. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[too deep]';
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message), code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_FIELD.test(k) ? '[redacted]' : CUSTOMER_FIELD.test(k) ? '[customer data]' : redact(v, depth + 1);
  }
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
    sink(JSON.stringify({ t: new Date().toISOString(), level, msg: scrubText(msg), ...record }));
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
