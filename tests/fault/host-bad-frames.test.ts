/**
 * Bad frames against the real browser host process (src/host/main.ts, as `npm start` runs it):
 * a text frame that is not UTF-8, a frame over the size limit, a binary frame, JSON garbage, a
 * note far over its contract limit, and a malformed HTTP request. Each may cost the sender its
 * socket, never the process: after each, the host still answers a fresh socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/host/host-server';
import { closed, openAgentSocket, redeemHostUrl, requestOver, startBrowserHost, type HostSession, type RunningHost } from '../support/host-process';
import { rawHttpExchange } from '../support/raw-http';
import { tempDir } from '../support/test-core';

let host: RunningHost;
let session: HostSession;

beforeAll(async () => {
  host = await startBrowserHost(tempDir('agent-bad-frames-'), { AGENT_EMBEDDED_SYNC: '0' });
  session = await redeemHostUrl(host.url);
});

afterAll(async () => {
  await host?.stop();
});

/** The host process is alive and a new socket gets an answer from the core. */
async function expectHostAnswers(): Promise<void> {
  expect(host.process.exitCode).toBeNull();
  const ws = await openAgentSocket(session);
  expect(await requestOver(ws, 1, 'presence.get', {})).toMatchObject({ ok: true });
  ws.close();
}

describe('the browser host survives bad frames', () => {
  it('a text frame that is not valid UTF-8 closes that socket (1007) only', async () => {
    const ws = await openAgentSocket(session);
    const code = closed(ws);
    // 0xC3 0x28 is an invalid two-byte sequence; ws sends the bytes as they are in a text frame.
    ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    await expectHostAnswers();
  });

  it('a frame over the size limit (a ~2 MB paste) closes that socket (1009) only', async () => {
    const ws = await openAgentSocket(session);
    const code = closed(ws);
    const body = 'x'.repeat(2 * MAX_FRAME_BYTES);
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'notes.saveDraft', input: { target: { callId: '00000000-0000-4000-8000-000000000000' }, body, revision: 1 } }));
    expect(await code).toBe(1009);
    await expectHostAnswers();
  });

  it('a note far over its contract limit but inside the frame limit gets a typed INVALID_INPUT', async () => {
    const ws = await openAgentSocket(session);
    const result = await requestOver(ws, 5, 'notes.saveDraft', {
      target: { callId: '00000000-0000-4000-8000-000000000000' },
      body: 'x'.repeat(900_000),
      revision: 1,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('body') } });
    ws.close();
    await expectHostAnswers();
  });

  it('binary frames and JSON garbage are ignored and the same socket keeps answering', async () => {
    const ws = await openAgentSocket(session);
    ws.send(Buffer.from([0, 1, 2, 255]), { binary: true });
    ws.send('{{{');
    ws.send('null');
    ws.send('[1,2,3]');
    ws.send(JSON.stringify({ type: 'request', id: -1, method: 7 }));
    expect(await requestOver(ws, 9, 'presence.get', {})).toMatchObject({ ok: true });
    ws.close();
    await expectHostAnswers();
  });

  it('a malformed HTTP request gets a 400 and the process stays up', async () => {
    const reply = await rawHttpExchange(Number(new URL(host.url).port));
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await expectHostAnswers();
  });
});
