import { expect } from '@playwright/test';
import { call, firstDiag, goAvailable, test } from '../agents';
import { expectScenarioPassed, received, startSipp } from './sipp';

/**
 * Issue 11, late offer: a carrier's INVITE without SDP (RFC 3261 §13.2.1) — the agent's 200 OK
 * carries the offer, with an audio line, and the carrier's ACK the answer (RFC 3264 §4); the same
 * for an offerless re-INVITE in the call (RFC 3261 §14.2).
 */
test('a late-offer INVITE and an offerless re-INVITE: our 200s offer audio, the answers in the ACKs are applied', async ({ startAgent }, testInfo) => {
  const agent = await startAgent('1002');
  await goAvailable(agent.page);
  const carrier = await startSipp(testInfo, 'inbound-late-offer.xml', { call: '1002' });
  const c = call(agent.page, '+923001234567');
  await c.getByRole('button', { name: 'Answer' }).click();
  await expect(c.getByRole('status', { name: 'Call state' })).toHaveText('Connected');
  // The ACK's answer reached the peer connection: audio negotiated both ways.
  await expect.poll(async () => (await firstDiag(agent.page)).currentDirection).toBe('sendrecv');
  // The offerless re-INVITE's answer (its ACK, session version 2) was applied too.
  await expect.poll(async () => (await firstDiag(agent.page)).remoteSdp).toMatch(/^o=- 4242 2 /m);
  await c.getByRole('button', { name: 'Hang up' }).click();
  await expect(c).toHaveCount(0);

  const wire = await carrier.done;
  expectScenarioPassed(wire);
  const offers = wire.wire.filter((w) => w.direction === 'received' && w.startLine.startsWith('SIP/2.0 200'));
  expect(offers.length).toBeGreaterThanOrEqual(2);
  for (const ok of offers) {
    expect(ok.text).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF [\d ]*111/m);
    expect(ok.text).toMatch(/^a=sendrecv/m);
  }
  // One BYE, the agent's own: nothing refused the answer.
  expect(received(wire).filter((l) => l.startsWith('BYE'))).toHaveLength(1);
  await expect(agent.page.getByRole('region', { name: 'Call history' })).toContainText('+923001234567');
});
