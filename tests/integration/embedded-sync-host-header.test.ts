/**
 * The demo's embedded sync server (PGlite, in the host's process) answers only requests
 * addressed to its loopback address: a page on another name that resolves to 127.0.0.1 (DNS
 * rebinding) gets 421 (issue 15, A8).
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { startEmbeddedSyncServer, type EmbeddedSyncServer } from '../../src/server/embedded';
import { tempDir } from '../support/test-core';

let embedded: EmbeddedSyncServer;

beforeAll(async () => {
  embedded = await startEmbeddedSyncServer({ dataDir: tempDir('agent-embedded-'), log: silentLogger });
});

afterAll(async () => {
  await embedded?.close();
});

function statusWithHost(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: embedded.server.port, path: '/v1/health', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

it('answers its loopback names and refuses any other Host', async () => {
  const port = embedded.server.port;
  expect(await statusWithHost(`127.0.0.1:${port}`)).toBe(200);
  expect(await statusWithHost(`localhost:${port}`)).toBe(200);
  expect(await statusWithHost(`attacker.example:${port}`)).toBe(421);
  expect(await statusWithHost('127.0.0.1:1')).toBe(421);
});
