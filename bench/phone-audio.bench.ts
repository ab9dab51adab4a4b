/**
 * Low-bandwidth audio measured (issue 14, item 5): two real Chromium pages call each other through
 * Kamailio in the loopback-only namespace with Chromium's fake microphone, and WebRTC's own stats
 * say what went on the wire and what the listener heard:
 *  - bytes (RTP payload, from outbound-rtp) per minute of call, standard vs low-bandwidth;
 *  - the concealment ratio (concealedSamples / totalSamplesReceived at the listener) at 3 % random
 *    loss, low-bandwidth with in-band FEC and with FEC switched off.
 * Loss comes from Chromium's own network emulation (libwebrtc's DegradedCall, enabled by the
 * `WebRTC-FakeNetworkReceiveConfig` field trial on the listener's browser): the kernel here has no
 * netem. FEC off is made by rewriting `useinbandfec=1` to 0 in every description both pages apply
 * (bench-only instrumentation). Figures only; no pass/fail.
 *
 *   BENCH_CALL_SECONDS=30 node --import tsx bench/phone-audio.bench.ts
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { runInPhoneNamespace } from './phone-namespace';
import { newDataDir, startBrowserHost, type RunningHost } from '../tests/e2e/support/browser-host';

const CALL_SECONDS = Number(process.env.BENCH_CALL_SECONDS ?? 20);
const HEADER_BYTES = 54;

runInPhoneNamespace(__filename);

interface Diag {
  phase: string;
  outboundBytes: number;
  outboundPackets: number;
  inboundBytes: number;
  concealedSamples: number;
  totalSamplesReceived: number;
}
interface Side {
  host: RunningHost;
  page: Page;
}

const MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];
const PASSWORDS: Record<string, string> = { '1001': 'secret1', '1002': 'secret2' };

async function side(browser: Browser, ext: string, fecOff: boolean): Promise<Side> {
  const host = await startBrowserHost(newDataDir(), {
    AGENT_SIP_USER: ext,
    AGENT_SIP_PASSWORD: PASSWORDS[ext] ?? '',
    AGENT_SIP_WS: 'ws://127.0.0.1:8088',
    AGENT_SIP_DOMAIN: '127.0.0.1',
    AGENT_EMBEDDED_SYNC: '0',
  });
  const page = await (await browser.newContext()).newPage();
  if (fecOff) {
    await page.addInitScript(() => {
      const apply = RTCPeerConnection.prototype.setRemoteDescription as (this: RTCPeerConnection, d?: RTCSessionDescriptionInit) => Promise<void>;
      RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, d?: RTCSessionDescriptionInit) {
        const sdp = d?.sdp?.replace(/useinbandfec=1/g, 'useinbandfec=0');
        return apply.call(this, d && sdp ? { type: d.type, sdp } : d);
      };
    });
  }
  await page.goto(host.url);
  await page.getByRole('combobox', { name: 'Presence' }).selectOption('Available');
  await page.getByRole('status', { name: 'Phone registration' }).filter({ hasText: 'Phone: registered' }).waitFor();
  return { host, page };
}

const diag = async (page: Page): Promise<Diag> => {
  const all = await page.evaluate(() => (window as unknown as { phoneDiagnostics: () => Promise<Diag[]> }).phoneDiagnostics());
  const first = all[0];
  if (!first) throw new Error('no call');
  return first;
};

interface Run {
  label: string;
  bytesPerMinute: number;
  packetsPerSecond: number;
  concealment: number;
}

async function run(label: string, o: { lowBandwidth: boolean; lossPercent: number; fecOff: boolean }): Promise<Run> {
  const launch = (extra: string[]) =>
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...MEDIA_ARGS, ...extra] });
  const talker = await launch([]);
  const listener = await launch(o.lossPercent ? [`--force-fieldtrials=WebRTC-FakeNetworkReceiveConfig/loss_percent:${o.lossPercent}/`] : []);
  const a = await side(talker, '1001', o.fecOff);
  const b = await side(listener, '1002', o.fecOff);
  try {
    if (o.lowBandwidth) {
      await a.page.getByText('Audio devices and keypad').click();
      await a.page.getByRole('combobox', { name: 'Call audio' }).selectOption('low-bandwidth');
    }
    await a.page.getByRole('textbox', { name: 'Number to dial' }).fill('1002');
    await a.page.getByRole('button', { name: 'Call', exact: true }).click();
    await b.page.getByRole('region', { name: 'Call with 1001' }).getByRole('button', { name: 'Answer' }).click();
    await a.page.getByRole('region', { name: 'Call with 1002' }).getByRole('status', { name: 'Call state' }).filter({ hasText: 'Connected' }).waitFor();
    // Skip the first seconds (ICE, the encoder's start-up) and measure a steady window.
    await a.page.waitForTimeout(3000);
    const [a0, b0, t0] = [await diag(a.page), await diag(b.page), Date.now()];
    await a.page.waitForTimeout(CALL_SECONDS * 1000);
    const [a1, b1, t1] = [await diag(a.page), await diag(b.page), Date.now()];
    const minutes = (t1 - t0) / 60_000;
    const samples = b1.totalSamplesReceived - b0.totalSamplesReceived;
    return {
      label,
      bytesPerMinute: (a1.outboundBytes - a0.outboundBytes) / minutes,
      packetsPerSecond: (a1.outboundPackets - a0.outboundPackets) / (minutes * 60),
      concealment: samples > 0 ? (b1.concealedSamples - b0.concealedSamples) / samples : Number.NaN,
    };
  } finally {
    for (const s of [a, b]) await s.host.stop();
    await talker.close();
    await listener.close();
  }
}

async function main(): Promise<void> {
  console.log(`call audio on loopback through Kamailio, ${CALL_SECONDS} s measured per call (BENCH_CALL_SECONDS)`);
  const runs = [
    await run('standard (baseline)', { lowBandwidth: false, lossPercent: 0, fecOff: false }),
    await run('low-bandwidth', { lowBandwidth: true, lossPercent: 0, fecOff: false }),
    await run('low-bandwidth, 3 % loss, FEC on', { lowBandwidth: true, lossPercent: 3, fecOff: false }),
    await run('low-bandwidth, 3 % loss, FEC off (baseline)', { lowBandwidth: true, lossPercent: 3, fecOff: true }),
  ];
  // Each packet also carries IPv4 (20) + UDP (8) + RTP (12) + SRTP auth tag (10) + the
  // one-byte audio-level extension with padding (4): 54 bytes the payload counter leaves out.
  const wire = (r: Run) => r.bytesPerMinute + r.packetsPerSecond * 60 * HEADER_BYTES;
  console.log('| call | RTP payload KB / min | on the wire KB / min | packets / s | concealed samples at the listener |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of runs) {
    const concealed = Number.isNaN(r.concealment) ? '–' : `${(r.concealment * 100).toFixed(2)} %`;
    console.log(`| ${r.label} | ${(r.bytesPerMinute / 1024).toFixed(0)} | ${(wire(r) / 1024).toFixed(0)} | ${r.packetsPerSecond.toFixed(1)} | ${concealed} |`);
  }
  const [standard, low] = runs;
  if (standard && low) console.log(`low-bandwidth puts ${(wire(low) / wire(standard)).toFixed(2)}× the standard call's bytes on the wire`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
