/**
 * Every native module works in the Node that runs the project. One compiled for another ABI
 * (the machine's Node 20, or Electron after `npm start` rebuilt them for it) fails here with the
 * loader's own message (NODE_MODULE_VERSION …); scripts/setup/ensure-native.mjs builds them.
 */
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { checkNodeRuntime } from '../../src/server/node-runtime';

describe('native modules in the project Node', () => {
  it(`runs on Node ${packageJson.engines.node}, not the machine's older one`, () => {
    expect(checkNodeRuntime(process.version, packageJson.engines.node), process.execPath).toBeNull();
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it.each(['better-sqlite3-multiple-ciphers', 'better-sqlite3'])('%s opens a database and runs a query', async (name) => {
    const { default: Database } = (await import(name)) as { default: typeof import('better-sqlite3') };
    const db = new Database(':memory:');
    try {
      expect(db.prepare('SELECT 1 + 1 AS two').get()).toEqual({ two: 2 });
    } finally {
      db.close();
    }
  });

  it('better-sqlite3-multiple-ciphers has the ciphers the store uses (AEGIS-256 new, SQLCipher before)', async () => {
    const { default: Database } = (await import('better-sqlite3-multiple-ciphers')) as { default: typeof import('better-sqlite3') };
    const db = new Database(':memory:');
    try {
      expect(db.pragma("cipher = 'sqlcipher'", { simple: true })).toBe('sqlcipher');
      expect(db.pragma("cipher = 'aegis'", { simple: true })).toBe('aegis');
      expect(db.pragma("algorithm = 'aegis-256'", { simple: true })).toBe('aegis-256');
    } finally {
      db.close();
    }
  });

  it('keytar loads (the OS keychain)', async () => {
    const keytar = await import('keytar');
    expect(typeof (keytar.default ?? keytar).getPassword).toBe('function');
  });

  it('@node-rs/argon2 hashes and verifies', async () => {
    const { hash, verify } = await import('@node-rs/argon2');
    const digest = await hash('correct horse');
    expect(await verify(digest, 'correct horse')).toBe(true);
    expect(await verify(digest, 'wrong horse')).toBe(false);
  });

  it('esbuild runs its platform binary', async () => {
    const { transform } = await import('esbuild');
    expect((await transform('let a: number = 1', { loader: 'ts' })).code).toBe('let a = 1;\n');
  });
});
