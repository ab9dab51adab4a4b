import { expect } from '@playwright/test';
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
    await c.getByRole('button', { name: 'Hang up' }).click();
    await far.waitFor('CALL_CLOSED');
  } finally {
    await far.stop();
  }
});
