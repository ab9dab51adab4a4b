import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAgentApi, createWebSocketTransport, HOST_WS_PATH, type WebSocketLike } from '../../src/contract';
import { silentLogger } from '../../src/core/log';
import { startHostServer } from '../../src/host/host-server';
import { startDemoCore, tempDir } from '../support/test-core';
import { agentApiContract } from './agent-api.contract';

const TOKEN = 'test-token-0123456789';

const COOKIE = `agent_token=${TOKEN}`;

async function startHost() {
  const { core } = await startDemoCore();
  const host = await startHostServer({ core, rendererDir: tempDir(), token: TOKEN, log: silentLogger });
  return { core, host };
}

agentApiContract('the browser host WebSocket', async () => {
  const { core, host } = await startHost();
  const transport = createWebSocketTransport({
    url: `ws://127.0.0.1:${host.port}${HOST_WS_PATH}`,
    createSocket: (u) => new WebSocket(u, { headers: { cookie: COOKIE } }) as unknown as WebSocketLike,
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
  it('refuses the agent API without the session cookie, with a wrong one, or from another origin', async () => {
    const { core, host } = await startHost();
    try {
      const base = `ws://127.0.0.1:${host.port}${HOST_WS_PATH}`;
      expect(await upgradeStatus(base)).toBe(403);
      expect(await upgradeStatus(base, { Cookie: 'agent_token=wrong-token-0123456789' })).toBe(403);
      expect(await upgradeStatus(base, { Cookie: COOKIE, Origin: 'http://evil.example' })).toBe(403);
      // The secret in an address (what a browser's command line shows) opens nothing.
      expect(await upgradeStatus(`${base}?token=${TOKEN}`)).toBe(403);
      expect(await upgradeStatus(base, { Cookie: COOKIE })).toBe(101);
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

      const ws = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_WS_PATH}`, { headers: { cookie: COOKIE } });
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

  it('hands the session for the one-time code in its address, once, as an HttpOnly SameSite=Strict cookie', async () => {
    const { core, host } = await startHost();
    try {
      const address = new URL(host.url);
      expect(address.searchParams.has('token')).toBe(false);
      expect(host.url).not.toContain(TOKEN);
      address.searchParams.set('dial', 'tel:1002');
      const first = await fetch(address, { redirect: 'manual' });
      expect(first.status).toBe(303);
      // On to the same page without the code, other parameters kept.
      expect(first.headers.get('location')).toBe('/?dial=tel%3A1002');
      expect(first.headers.get('set-cookie')).toBe(`agent_token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
      // Spent: whoever reads the code later (from the browser's command line) gets nothing.
      const again = await fetch(address, { redirect: 'manual' });
      expect(again.status).toBe(403);
      expect(again.headers.get('set-cookie')).toBeNull();
      // A page that has its session is sent past a spent code without a new cookie.
      const withSession = await fetch(address, { redirect: 'manual', headers: { cookie: COOKIE } });
      expect(withSession.status).toBe(303);
      expect(withSession.headers.get('set-cookie')).toBeNull();
    } finally {
      await host.close();
      core.close();
    }
  });

  it('gives the SIP password to the page the host served, never to a tool holding the session', async () => {
    const { core, host } = await startHost();
    const account = { uri: 'sip:1001@127.0.0.1', wsServers: ['ws://127.0.0.1:8088'], password: 'sip-secret' };
    expect(await core.dispatch('phone.setAccount', account, { transport: 'in-process' })).toMatchObject({ ok: true });
    const ask = async (headers: Record<string, string>) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_WS_PATH}`, { headers: { cookie: COOKIE, ...headers } });
      await new Promise((r) => ws.once('open', r));
      const reply = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
      ws.send(JSON.stringify({ type: 'request', id: 1, method: 'phone.credentials', input: {} }));
      const answer = await reply;
      ws.close();
      return answer;
    };
    try {
      expect(await ask({})).toMatchObject({ id: 1, result: { ok: false, error: { code: 'FORBIDDEN' } } });
      expect(await ask({ Origin: `http://127.0.0.1:${host.port}` })).toMatchObject({ id: 1, result: { ok: true, value: { password: 'sip-secret' } } });
    } finally {
      await host.close();
      core.close();
    }
  });
});
