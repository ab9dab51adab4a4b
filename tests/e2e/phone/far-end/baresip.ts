import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { expect, type TestInfo } from '@playwright/test';

/**
 * baresip (Debian's `baresip-core`): a SIP phone the project did not write, registered on the
 * namespace's Kamailio over UDP, with ICE and DTLS-SRTP and no BUNDLE, sending a 440 Hz tone.
 * It answers by itself; `dial` makes it call. Driven through its ctrl_tcp module (netstring JSON).
 * Its ICE ignores 127.x host candidates: it uses 192.0.2.1, which scripts/sip/netns-run.sh puts
 * on the namespace's lo.
 */
export interface BaresipEvent {
  readonly type: string;
  readonly param?: string;
  readonly peeruri?: string;
}

export interface Baresip {
  /** baresip's own console output (registration, ICE, RTCP summary at hang-up). */
  readonly output: () => string;
  /** Resolves with the first event of this type (past or future). */
  waitFor(type: string): Promise<BaresipEvent>;
  /** Every event of this type so far, in order (e.g. CALL_DTMF_START, param = the digit). */
  eventsOf(type: string): BaresipEvent[];
  dial(uri: string): void;
  hangup(): void;
  stop(): Promise<void>;
}

const CTRL_PORT = 4444;

export interface BaresipOptions {
  /**
   * 'webrtc-like' (default): ICE + DTLS-SRTP, rtcp-mux, Opus first. 'plain': a desk phone or
   * carrier as most are — RTP/AVP with G.711 only, no ICE, no encryption, RTCP on its own port;
   * Kamailio bridges it to the WebRTC phone through rtpengine.
   */
  readonly media?: 'webrtc-like' | 'plain';
}

export async function startBaresip(testInfo: TestInfo, user: string, password: string, opts: BaresipOptions = {}): Promise<Baresip> {
  const plain = opts.media === 'plain';
  const dir = testInfo.outputPath(`baresip-${user}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    `${dir}/config`,
    [
      'poll_method epoll',
      'sip_listen 192.0.2.1:5080',
      'net_interface lo',
      // ausine makes 48 kHz only and baresip 1.0 does not resample: a G.711-only phone plays
      // the same 440 Hz tone from an 8 kHz file.
      plain ? `audio_source aufile,${writeTone8k(`${dir}/tone-440-8k.wav`)}` : 'audio_source ausine,440',
      // A sink: nothing plays the far end's audio; RTCP shows what arrived.
      'audio_player aubridge,sink',
      'audio_alert aubridge,sink',
      // Chromium only does rtcp-mux (rtcpMuxPolicy 'require' is the only policy it supports).
      `rtcp_mux ${plain ? 'no' : 'yes'}`,
      'module_path /usr/lib/baresip/modules',
      // Opus first: baresip offers codecs in load order, and its tone source runs at 48 kHz only.
      ...(plain
        ? ['g711', 'aufile', 'aubridge', 'account', 'ctrl_tcp', 'rtcpsummary']
        : ['opus', 'g711', 'ausine', 'aubridge', 'ice', 'srtp', 'dtls_srtp', 'account', 'ctrl_tcp', 'rtcpsummary']
      ).map((m) => `module ${m}.so`),
      'module_app menu.so',
      `ctrl_tcp_listen 127.0.0.1:${CTRL_PORT}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    `${dir}/accounts`,
    `<sip:${user}@127.0.0.1;transport=udp>;auth_pass=${password};answermode=auto;${plain ? '' : 'medianat=ice;mediaenc=dtls_srtp;'}regint=600\n`,
  );
  const child: ChildProcess = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Kept beside the test's other output, for a failed test's report.
  const keep = (d: Buffer) => {
    out += d.toString();
    appendFileSync(`${dir}/console.log`, d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('error', (e) => (out += `\nspawn error: ${e.message}`));
  await expect.poll(() => out, { message: `baresip ${user} registered`, timeout: 10_000 }).toMatch(/200 OK .*\[\d+ binding/);

  const events: BaresipEvent[] = [];
  const waiters: Array<() => void> = [];
  const socket: Socket = connect(CTRL_PORT, '127.0.0.1');
  socket.on('error', (e) => (out += `\nctrl_tcp error: ${e.message}`));
  let buf = '';
  socket.on('data', (d: Buffer) => {
    buf += d.toString();
    // netstring: <length>:<json>,
    for (;;) {
      const colon = buf.indexOf(':');
      if (colon < 0) break;
      const len = Number(buf.slice(0, colon));
      if (buf.length < colon + 1 + len + 1) break;
      const msg = JSON.parse(buf.slice(colon + 1, colon + 1 + len)) as { event?: boolean } & BaresipEvent;
      buf = buf.slice(colon + 1 + len + 1);
      if (msg.event) events.push(msg);
      waiters.splice(0).forEach((w) => w());
    }
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const send = (command: string, params = '') => {
    const json = JSON.stringify({ command, params, token: command });
    socket.write(`${Buffer.byteLength(json)}:${json},`);
  };
  return {
    output: () => out,
    waitFor: (type) =>
      new Promise((resolve) => {
        const check = () => {
          const e = events.find((x) => x.type === type);
          if (e) resolve(e);
          else waiters.push(check);
        };
        check();
      }),
    eventsOf: (type) => events.filter((e) => e.type === type),
    dial: (uri) => send('dial', uri),
    hangup: () => send('hangup'),
    stop: async () => {
      socket.destroy();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Writes a 60 s, 8 kHz, 16-bit mono WAV of a 440 Hz tone at half scale (longer than any test
 * call: baresip's file source does not loop) and returns its path.
 */
function writeTone8k(file: string): string {
  const rate = 8000;
  const samples = rate * 60;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(16000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  writeFileSync(file, wav);
  return file;
}
