import { expect, type Page } from '@playwright/test';
import { call, firstDiag, goAvailable, test } from '../agents';
import { expectScenarioPassed, startSipp, type SippResult } from './sipp';

/**
 * Issue 11 fault 3: the agent's hold state and the SDP agree, whatever SDP style the far end
 * (SIPp as a PBX) holds in. While the agent holds, answers are a=sendonly (a=inactive when the
 * far end holds too), RFC 3264 §6.1 / RFC 6337 §5; a far end holding the agent is shown as
 * "held by the other party" and cleared when it offers a=sendrecv again.
 */
const CALLER = '+923001234567';
const FP = '5B:2A:11:9C:0D:3E:4F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8';

/** The far end's hold offer: `session` lines before the m-line, `media` lines in it, its port and c= address. */
function holdOffer(opts: { session?: string[]; media?: string[]; port?: number; address?: string }): string {
  return [
    'v=0',
    'o=- 4242 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    ...(opts.session ?? []),
    `m=audio ${opts.port ?? 9} UDP/TLS/RTP/SAVPF 111 126`,
    `c=IN IP4 ${opts.address ?? '127.0.0.1'}`,
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:sipp',
    'a=ice-pwd:sippsippsippsippsippsipp',
    `a=fingerprint:sha-256 ${FP}`,
    'a=setup:actpass',
    'a=mid:0',
    ...(opts.media ?? []),
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtpmap:126 telephone-event/8000',
  ].join('\n');
}

/** Each style a PBX holds in, and the direction the agent's answer must carry (RFC 3264 §6.1). */
const HOLD_STYLES: ReadonlyArray<{ style: string; offer: string; answer: string }> = [
  { style: 'a=sendonly on the m-line', offer: holdOffer({ media: ['a=sendonly'] }), answer: 'recvonly' },
  { style: 'a=inactive on the m-line', offer: holdOffer({ media: ['a=inactive'] }), answer: 'inactive' },
  { style: 'a=sendonly at session level', offer: holdOffer({ session: ['a=sendonly'] }), answer: 'recvonly' },
  // RFC 3264 §8.4: the RFC 2543 hold, a=sendrecv still there.
  { style: 'c=IN IP4 0.0.0.0 (RFC 2543)', offer: holdOffer({ address: '0.0.0.0', port: 6000, media: ['a=sendrecv'] }), answer: 'recvonly' },
];

/** The a= direction of an SDP body on the wire. */
const directionIn = (text: string): string | null => /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(text)?.[1] ?? null;

/** What the agent sent, in order: its 200s to SIPp's INVITEs (by CSeq) and its own re-INVITE offers. */
function agentSdp(wire: SippResult) {
  const got = wire.wire.filter((w) => w.direction === 'received');
  const answerTo = (cseq: number) => directionIn(got.find((w) => w.startLine.startsWith('SIP/2.0 200') && new RegExp(`^CSeq:\\s*${cseq} INVITE`, 'mi').test(w.text))?.text ?? '');
  const invites = got.filter((w) => w.startLine.startsWith('INVITE'));
  const offers = invites.map((w) => directionIn(w.text));
  /** Audio m-lines in each of the agent's offers: holding must not grow a second one. */
  const audioLines = invites.map((w) => (w.text.match(/^m=audio /gm) ?? []).length);
  return { answerTo, offers, audioLines };
}

async function answered(page: Page) {
  const c = call(page, CALLER);
  await c.getByRole('button', { name: 'Answer' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  return c;
}

for (const { style, offer, answer } of HOLD_STYLES) {
  test(`held by the far end with ${style}: shown, answered ${answer}; resumed while the agent holds: answered sendonly`, async ({ startAgent }, testInfo) => {
    // Keypad tones by SIP INFO: the far end waits for one before it resumes.
    const agent = await startAgent('1002', { env: { AGENT_SIP_DTMF: 'info' } });
    await goAvailable(agent.page);
    const pbx = await startSipp(testInfo, 'inbound-far-end-holds.xml', { call: '1002', fill: { holdSdp: offer } });
    const c = call(agent.page, CALLER);
    await c.getByRole('button', { name: 'Answer' }).click();
    const state = c.getByRole('status', { name: 'Call state' });

    await test.step('the far end holds the agent', async () => {
      await expect(state).toHaveText('Held by the other party');
      await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe(answer === 'inactive' ? 'inactive' : 'recvonly');
    });
    await test.step('the agent holds too', async () => {
      await c.getByRole('button', { name: 'Hold' }).click();
      await expect(state).toHaveText('On hold · also held by the other party');
      await c.getByRole('button', { name: 'Keypad' }).click();
      await c.getByRole('button', { name: 'Send tone 1' }).click();
    });
    await test.step('the far end resumes; the agent still holds', async () => {
      await expect(state).toHaveText('On hold');
      await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendonly');
    });
    await test.step('the agent resumes', async () => {
      await c.getByRole('button', { name: 'Resume' }).click();
      await expect(state).toHaveText('Connected');
      await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendrecv');
      await expect.poll(async () => (await firstDiag(agent.page)).senderTrackEnabled).toBe(true);
    });
    await c.getByRole('button', { name: 'Hang up' }).click();
    const wire = await pbx.done;
    expectScenarioPassed(wire);
    const sdp = agentSdp(wire);
    expect(sdp.answerTo(2), 'answer to the hold').toBe(answer);
    expect(sdp.answerTo(3), 'answer to sendrecv while the agent holds').toBe('sendonly');
    // The agent's Hold while held offers not to receive (sendonly, or inactive: both hold); its Resume sendrecv.
    expect(sdp.offers).toHaveLength(2);
    expect(['sendonly', 'inactive']).toContain(sdp.offers[0]);
    expect(sdp.offers[1]).toBe('sendrecv');
    expect(sdp.audioLines).toEqual([1, 1]);
  });
}

test('the PBX offers sendrecv while the agent holds: answered sendonly, the UI still On hold, the mic still off', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'inbound-reinvite-while-held.xml', { call: '1002' });
  const c = await answered(agent.page);
  const state = c.getByRole('status', { name: 'Call state' });
  await c.getByRole('button', { name: 'Hold' }).click();
  await expect(state).toHaveText('On hold');
  // The INFO tone comes after the PBX's re-INVITE in the dialog: once it shows, that offer was answered.
  await expect(c.getByRole('status', { name: 'Tones received' })).toHaveText('5');
  await expect(state).toHaveText('On hold');
  const held = await firstDiag(agent.page);
  expect(held.currentDirection).toBe('sendonly');
  expect(held.senderTrackEnabled).toBe(false);

  await c.getByRole('button', { name: 'Resume' }).click();
  await expect(state).toHaveText('Connected');
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendrecv');
  await c.getByRole('button', { name: 'Hang up' }).click();
  const wire = await pbx.done;
  expectScenarioPassed(wire);
  expect(agentSdp(wire).answerTo(2), 'answer to the PBX sendrecv offer while held').toBe('sendonly');
});

test('held and resumed by the far end with UPDATE (RFC 3311): shown both ways; while the agent holds, an UPDATE sendrecv is answered sendonly', async ({ startAgent }, testInfo) => {
  // Keypad tones by SIP INFO: the far end waits for one before it resumes.
  const agent = await startAgent('1002', { env: { AGENT_SIP_DTMF: 'info' } });
  await goAvailable(agent.page);
  const pbx = await startSipp(testInfo, 'inbound-far-end-holds-by-update.xml', { call: '1002' });
  const c = await answered(agent.page);
  const state = c.getByRole('status', { name: 'Call state' });

  await test.step('the far end holds the agent by UPDATE', async () => {
    await expect(state).toHaveText('Held by the other party');
    await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('recvonly');
    await c.getByRole('button', { name: 'Keypad' }).click();
    await c.getByRole('button', { name: 'Send tone 1' }).click();
  });
  await test.step('the far end resumes by UPDATE', async () => {
    await expect(state).toHaveText('Connected');
    await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendrecv');
  });
  await test.step('the agent holds; the far end offers sendrecv by UPDATE and hangs up', async () => {
    await c.getByRole('button', { name: 'Hold' }).click();
    await expect(state).toHaveText('On hold');
    await c.getByRole('button', { name: 'Send tone 2' }).click();
  });
  const wire = await pbx.done;
  expectScenarioPassed(wire);
  const got = wire.wire.filter((w) => w.direction === 'received');
  const answerToUpdate = (cseq: number) => directionIn(got.find((w) => w.startLine.startsWith('SIP/2.0 200') && new RegExp(`^CSeq:\\s*${cseq} UPDATE`, 'mi').test(w.text))?.text ?? '');
  expect(answerToUpdate(2), 'answer to the hold by UPDATE').toBe('recvonly');
  expect(answerToUpdate(3), 'answer to the resume by UPDATE').toBe('sendrecv');
  expect(answerToUpdate(4), 'answer to UPDATE sendrecv while the agent holds').toBe('sendonly');
  expect(got.filter((w) => w.startLine.startsWith('BYE')), 'the agent ended nothing').toHaveLength(0);
});
