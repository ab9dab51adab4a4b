import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAgentApi, createWebSocketTransport, HOST_WS_PATH, type WebSocketLike } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startHostServer } from '../../src/host/host-server';
import { startDemoCore, tempDir } from '../support/test-core';
import { agentApiContract } from './agent-api.contract';

const TOKEN = 'test-token-0123456789';

async function startHost() {
  const { core } = await startDemoCore();
  const host = await startHostServer({ core, rendererDir: tempDir(), token: TOKEN, log: silentLogger });
  return { core, host };
}

agentApiContract('the browser host WebSocket', async () => {
  const { core, host } = await startHost();
  const transport = createWebSocketTransport({
    url: `ws://127.0.0.1:${host.port}${HOST_WS_PATH}?token=${TOKEN}`,
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
  });
  return {
    agent: createAgentApi(transport),
    transport,
    close: async () => {
      transport.close();
      await host.close();
      core.close();
    },
  };
});

/** Resolves with the HTTP status a refused upgrade got, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('browser host access control', () => {
  it('refuses the agent API without the per-run token, with a wrong one, or from another origin', async () => {
    const { core, host } = await startHost();
    try {
      const base = `ws://127.0.0.1:${host.port}${HOST_WS_PATH}`;
      expect(await upgradeStatus(base)).toBe(403);
      expect(await upgradeStatus(`${base}?token=wrong-token-0123456789`)).toBe(403);
      expect(await upgradeStatus(`${base}?token=${TOKEN}`, { Origin: 'http://evil.example' })).toBe(403);
      expect(await upgradeStatus(`${base}?token=${TOKEN}`)).toBe(101);
    } finally {
      await host.close();
      core.close();
    }
  });

  it('refuses pages without the token, and answers a malformed frame with a typed error', async () => {
    const { core, host } = await startHost();
    try {
      const page = await fetch(`http://127.0.0.1:${host.port}/`);
      expect(page.status).toBe(403);

      const ws = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_WS_PATH}?token=${TOKEN}`);
      await new Promise((r) => ws.once('open', r));
      const reply = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
      ws.send(JSON.stringify({ type: 'request', id: 7, method: { not: 'a string' }, input: {} }));
      expect(await reply).toEqual({ type: 'response', id: 7, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed request frame.' } } });
      // Garbage that is not even JSON is dropped; the socket stays usable.
      ws.send('{{{');
      const next = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
      ws.send(JSON.stringify({ type: 'request', id: 8, method: 'presence.get', input: {} }));
      expect(await next).toMatchObject({ id: 8, result: { ok: true } });
      ws.close();
    } finally {
      await host.close();
      core.close();
    }
  });
});
