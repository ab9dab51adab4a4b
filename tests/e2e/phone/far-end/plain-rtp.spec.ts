import { createSocket, type Socket } from 'node:dgram';
import { expect, type Locator } from '@playwright/test';
import { call, dial, expectAudioArriving, firstDiag, goAvailable, test } from '../agents';
import { startBaresip } from './baresip';
import { expectScenarioPassed, received, startSipp } from './sipp';

/**
 * Issue 11 (b): plain-RTP far ends (RTP/AVP, G.711, no ICE, no DTLS) reached through rtpengine,
 * which Kamailio drives only for calls that mix a WebRTC phone with such an end
 * (tests/sip/kamailio.cfg: lines 8xxx are a plain-RTP trunk; a caller whose offer is RTP/AVP
 * reaching a WebSocket contact). rtpengine runs in the test namespace (scripts/sip/rtpengine-start.sh).
 */
const ECHO_PORT = 6000;

test('the agent calls a plain-RTP line (SIPp echoing RTP) through rtpengine: connected, the agent hears its own audio back', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const far = await startSipp(testInfo, 'outbound-plain-rtp.xml', { fill: { media_port: String(ECHO_PORT) }, rtpEchoPort: ECHO_PORT });
  await dial(agent.page, '8001');
  const c = call(agent.page, '8001');
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  await test.step('the far end answered plain RTP; the browser got rtpengine\'s ICE + DTLS answer', async () => {
    const wire = (await firstDiag(agent.page)).remoteSdp ?? '';
    expect(wire).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
    expect(wire).toMatch(/^a=fingerprint:/m);
    expect(wire).toMatch(/^a=rtpmap:0 PCMU\/8000/m);
  });
  await test.step('the agent\'s fake-microphone audio comes back through the echo', async () => {
    await expectAudioArriving(agent.page);
    await expect.poll(async () => (await firstDiag(agent.page)).totalAudioEnergy ?? 0).toBeGreaterThan(0);
  });
  await c.getByRole('button', { name: 'Hang up' }).click();
  const r = await far.done;
  expectScenarioPassed(r);
  await test.step('what reached the far end was plain RTP/AVP, no ICE, no DTLS', () => {
    const invite = r.wire.find((w) => w.direction === 'received' && w.startLine.startsWith('INVITE'))!.text;
    expect(invite).toMatch(/^m=audio \d+ RTP\/AVP /m);
    expect(invite).not.toMatch(/^a=(ice-ufrag|fingerprint|candidate|crypto):/m);
    expect(received(r)).toContain(received(r).find((l) => l.startsWith('BYE')));
  });
});

test('a plain-RTP phone (baresip, G.711, no ICE/DTLS) calls the agent through rtpengine: it rings, the agent answers, audio both ways', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const far = await startBaresip(testInfo, '1003', 'secret3', { media: 'plain' });
  try {
    far.dial('sip:1002@127.0.0.1');
    const c = call(agent.page, '1003');
    await c.getByRole('button', { name: 'Answer' }).click();
    await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    await far.waitFor('CALL_ESTABLISHED');
    await test.step('the browser was offered rtpengine\'s ICE + DTLS, not the phone\'s plain RTP', async () => {
      const sdp = (await firstDiag(agent.page)).remoteSdp ?? '';
      expect(sdp).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
      expect(sdp).toMatch(/^a=(PCMU|PCMA)|^a=rtpmap:\d+ (PCMU|PCMA)\/8000/m);
    });
    await test.step('audio both ways: the agent hears the phone\'s tone; the phone receives the agent\'s RTP', async () => {
      await expectAudioArriving(agent.page);
      await expect.poll(async () => (await firstDiag(agent.page)).totalAudioEnergy ?? 0).toBeGreaterThan(0);
      await expect.poll(far.output).toContain("incoming rtp for 'audio' established");
    });
    await test.step('hold and resume: the re-INVITEs cross the bridge too, and audio comes back', async () => {
      await c.getByRole('button', { name: 'Hold' }).click();
      await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('On hold');
      await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendonly');
      await c.getByRole('button', { name: 'Resume' }).click();
      await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
      await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendrecv');
      await expectAudioArriving(agent.page);
    });
    await c.getByRole('button', { name: 'Hang up' }).click();
    await far.waitFor('CALL_CLOSED');
  } finally {
    await far.stop();
  }
});

/** One RTP packet as it reached the far end's media port. */
interface RtpPacket {
  readonly pt: number;
  readonly marker: boolean;
  readonly timestamp: number;
  readonly payload: Buffer;
}

/**
 * The far end's media port, recorded: what rtpengine delivers to the plain-RTP end, packet by
 * packet (RFC 3550 fixed header; no CSRCs or extensions expected from rtpengine's passthrough).
 */
async function recordRtp(port: number): Promise<{ packets: RtpPacket[]; close: () => Promise<void> }> {
  const packets: RtpPacket[] = [];
  const sock: Socket = createSocket('udp4');
  sock.on('error', () => undefined);
  sock.on('message', (m) => {
    if (m.length < 12 || m[0]! >> 6 !== 2) return;
    const cc = m[0]! & 0x0f;
    packets.push({ pt: m[1]! & 0x7f, marker: (m[1]! & 0x80) !== 0, timestamp: m.readUInt32BE(4), payload: m.subarray(12 + 4 * cc) });
  });
  await new Promise<void>((resolve) => sock.bind(port, '127.0.0.1', () => resolve()));
  return { packets, close: () => new Promise((resolve) => sock.close(() => resolve())) };
}

/** An RFC 4733 §2.3 event as the packets of one RTP timestamp carry it. */
interface DtmfEvent {
  readonly digit: string;
  readonly packets: number;
  readonly firstHasMarker: boolean;
  readonly endPackets: number;
  /** Durations of the end packets (RTP clock units); all equal when retransmitted per §2.5.1.4. */
  readonly endDurations: readonly number[];
  readonly maxDuration: number;
}

const EVENT_DIGITS = '0123456789*#';

function dtmfEvents(packets: readonly RtpPacket[], pt: number): DtmfEvent[] {
  const byTs = new Map<number, RtpPacket[]>();
  for (const p of packets.filter((x) => x.pt === pt && x.payload.length >= 4)) byTs.set(p.timestamp, [...(byTs.get(p.timestamp) ?? []), p]);
  return [...byTs.values()].map((ps) => {
    const ends = ps.filter((p) => (p.payload[1]! & 0x80) !== 0);
    return {
      digit: EVENT_DIGITS[ps[0]!.payload[0]!] ?? `?${ps[0]!.payload[0]}`,
      packets: ps.length,
      firstHasMarker: ps[0]!.marker,
      endPackets: ends.length,
      endDurations: ends.map((p) => p.payload.readUInt16BE(2)),
      maxDuration: Math.max(...ps.map((p) => p.payload.readUInt16BE(2))),
    };
  });
}

async function sendDigits(c: Locator, digits: string): Promise<void> {
  await c.getByRole('button', { name: 'Keypad' }).click();
  for (const d of digits) await c.getByRole('button', { name: `Send tone ${d}` }).click();
  await expect(c.getByLabel('Tones sent')).toHaveText(digits);
}

const RECORDER_PORT = 6100;

test('keypad digits reach a plain-RTP far end through rtpengine as RFC 4733 events, each with its end packets', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1001');
  await goAvailable(agent.page);
  const media = await recordRtp(RECORDER_PORT);
  try {
    const far = await startSipp(testInfo, 'outbound-plain-rtp.xml', { fill: { media_port: String(RECORDER_PORT) } });
    await dial(agent.page, '8002');
    const c = call(agent.page, '8002');
    await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
    // telephone-event/8000's payload type as negotiated (rtpengine passes G.711 and events through unchanged).
    const pt = Number(/^a=rtpmap:(\d+) telephone-event\/8000/m.exec((await firstDiag(agent.page)).remoteSdp ?? '')?.[1]);
    expect(pt).toBeGreaterThan(95);
    const digits = '19#*0';
    await sendDigits(c, digits);
    await test.step('every digit arrives at the far end, in order, each ended', async () => {
      await expect
        .poll(() => dtmfEvents(media.packets, pt).filter((e) => e.endPackets > 0).map((e) => e.digit).join(''), { timeout: 15_000 })
        .toBe(digits);
    });
    await c.getByRole('button', { name: 'Hang up' }).click();
    const r = await far.done;
    expectScenarioPassed(r);
    await test.step('each event is whole: marker on its first packet, end packets repeated with one final duration (RFC 4733 §2.5)', () => {
      const invite = r.wire.find((w) => w.direction === 'received' && w.startLine.startsWith('INVITE'))!.text;
      expect(invite).toMatch(new RegExp(`^a=rtpmap:${pt} telephone-event/8000`, 'm'));
      // the agent's voice reached it too, as G.711 u-law
      expect(media.packets.filter((p) => p.pt === 0).length).toBeGreaterThan(0);
      const events = dtmfEvents(media.packets, pt);
      testInfo.annotations.push({ type: 'RFC 4733 events at the far end', description: JSON.stringify(events) });
      expect(events.map((e) => e.digit).join('')).toBe(digits);
      for (const e of events) {
        expect(e.firstHasMarker, `digit ${e.digit}`).toBe(true);
        // §2.5.1.4: the final packet is sent three times (a lost end packet would leave the tone on).
        expect(e.endPackets, `digit ${e.digit}`).toBeGreaterThanOrEqual(3);
        expect(new Set(e.endDurations), `digit ${e.digit}`).toEqual(new Set([e.maxDuration]));
        expect(e.maxDuration, `digit ${e.digit}`).toBeGreaterThan(0);
        // more than the end packets alone: the far end saw the tone start and last (issue 11's Opus fault)
        expect(e.packets, `digit ${e.digit}`).toBeGreaterThan(e.endPackets);
      }
    });
  } finally {
    await media.close();
  }
});
