import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type TestInfo } from '@playwright/test';

/**
 * The scripted far end: SIPp (Debian's `sip-tester`) playing one scenario from tests/sip/scenarios
 * against the namespace's Kamailio, as a carrier or PBX would. As caller (UAC) it sends to
 * Kamailio's UDP port with a foreign From domain, which Kamailio routes like a trunk (no auth);
 * as callee (UAS) it listens on UDP 127.0.0.1:5070, where Kamailio sends the test lines 7000–7999
 * (signalling only) and 8000–8999 (a plain-RTP trunk: media through rtpengine).
 */
export const SIPP_PORT = 5070;
let runs = 0;
const KAMAILIO_UDP = '127.0.0.1:5060';
const SCENARIOS = path.resolve(__dirname, '../../../sip/scenarios');

/** One SIP message SIPp sent or received, from its `-trace_msg` log. */
export interface WireMessage {
  readonly direction: 'sent' | 'received';
  /** Wall-clock ms (SIPp's own timestamp). */
  readonly at: number;
  /** "INVITE sip:1002@127.0.0.1 SIP/2.0" or "SIP/2.0 491 Request Pending". */
  readonly startLine: string;
  readonly text: string;
}

export interface SippResult {
  /** SIPp's exit status: 0 = the call went exactly as scripted. */
  readonly code: number | null;
  readonly wire: readonly WireMessage[];
  /** SIPp's error log: why a scenario step failed. */
  readonly errors: string;
}

export interface SippRun {
  /** Resolves when SIPp exits (after `-m 1` call, or its own -timeout). */
  readonly done: Promise<SippResult>;
}

export interface SippOptions {
  /** Caller scenarios: the user part of the Request-URI (the agent's extension). */
  readonly call?: string;
  /**
   * Values for the scenario's `{{name}}` placeholders, filled in before SIPp loads it (SIPp checks
   * status codes when it loads a scenario, so its own -key keywords cannot carry them).
   */
  readonly fill?: Readonly<Record<string, string>>;
  /** SIPp's own limit for the whole call, in seconds (default 40): longer for a session-timer scenario. */
  readonly timeoutS?: number;
  /**
   * SIPp's own media: with `-rtp_echo` it sends every RTP packet it gets on UDP 127.0.0.1:port
   * back to its sender (port+2 likewise), as a plain-RTP far end that "talks back".
   */
  readonly rtpEchoPort?: number;
}

/**
 * Starts SIPp on one scenario for exactly one call. For a callee scenario, resolves once SIPp
 * holds its UDP port, so the agent may dial at once.
 */
export async function startSipp(testInfo: TestInfo, scenario: string, opts: SippOptions = {}): Promise<SippRun> {
  const base = testInfo.outputPath(`${scenario.replace(/\.xml$/, '')}-${++runs}`);
  const filled = `${base}.xml`;
  const template = readFileSync(path.join(SCENARIOS, scenario), 'utf8');
  writeFileSync(
    filled,
    template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const value = opts.fill?.[name];
      if (value === undefined) throw new Error(`${scenario} needs a value for {{${name}}}`);
      return value;
    }),
  );
  const messages = `${base}-messages.log`;
  const errors = `${base}-errors.log`;
  const args = [
    ...(opts.call ? [KAMAILIO_UDP, '-s', opts.call] : []),
    '-sf', filled,
    '-i', '127.0.0.1',
    '-p', String(SIPP_PORT),
    '-m', '1',
    ...(opts.rtpEchoPort ? ['-mi', '127.0.0.1', '-mp', String(opts.rtpEchoPort), '-rtp_echo'] : []),
    '-nostdin',
    // A scenario that hangs is a failure, not a stuck test run.
    '-timeout', String(opts.timeoutS ?? 40), '-timeout_error',
    '-trace_msg', '-message_file', messages,
    '-trace_err', '-error_file', errors,
  ];
  const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<SippResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
      resolve({ code, wire: parseTrace(read(messages)), errors: read(errors) + stderr });
    });
  });
  if (!opts.call) {
    // SIPp that exits before it listens (a bad scenario, the port in use) fails here with its own words.
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    await expect.poll(async () => exited !== undefined || (await portTaken(SIPP_PORT)), { message: 'SIPp listening' }).toBe(true);
    if (exited !== undefined) throw new Error(`SIPp exited (${exited}) before listening: ${stderr}`);
  }
  return { done };
}

/**
 * True when something (SIPp) holds UDP 127.0.0.1:port, read from the kernel's socket table
 * (/proc/net/udp, this network namespace's). It used to bind the port itself to find out: a probe
 * that held the port at the moment SIPp bound it made SIPp exit, and the test waited 15 s for a
 * SIPp that was gone (CI, once).
 */
function portTaken(port: number): Promise<boolean> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFile('/proc/net/udp', 'utf8').then((table) => table.split('\n').some((line) => line.trim().split(/\s+/)[1] === local));
}

/** Splits SIPp's `-trace_msg` log into messages; each block starts with a dashed line and a timestamp. */
export function parseTrace(log: string): WireMessage[] {
  const out: WireMessage[] = [];
  const blocks = log.split(/^-{10,} (?=\d{4}-\d\d-\d\d )/m).slice(1);
  for (const block of blocks) {
    const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\s*\n\S+ message (sent|received)[^\n]*\n+([\s\S]*)$/.exec(block);
    if (!m) continue;
    const text = m[3]!.trim();
    out.push({ direction: m[2] as 'sent' | 'received', at: Date.parse(m[1]!.replace(' ', 'T').slice(0, 23)), startLine: text.split(/\r?\n/)[0] ?? '', text });
  }
  return out;
}

/** The start lines of what SIPp received, e.g. to assert the agent never sent a BYE. */
export const received = (r: SippResult): string[] => r.wire.filter((w) => w.direction === 'received').map((w) => w.startLine);

/** SIPp ran the scenario through; on failure the assertion message carries its error log. */
export function expectScenarioPassed(r: SippResult): void {
  expect(r.code, `SIPp failed:\n${r.errors}\nwire:\n${r.wire.map((w) => `${w.direction} ${w.startLine}`).join('\n')}`).toBe(0);
}
