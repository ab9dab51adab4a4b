/**
 * Damaged and foreign files where the store should be: each is a typed error, and the file is
 * kept exactly as it was for recovery (never overwritten, moved or deleted).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../src/contract';
import { DATABASE_FILE } from '../../src/core/core';
import { keyCheckFile } from '../../src/core/store/database';
import { startDemoCore, tempDir } from '../support/test-core';
import { agentFor, folderDigest, unwrap } from '../support/store';

/** A demo store with a few hundred contacts, closed cleanly (WAL checkpointed). */
async function storeWithData(): Promise<string> {
  const { core, dataDir } = await startDemoCore();
  const { agent } = agentFor(core);
  for (let i = 0; i < 300; i++) {
    unwrap(await agent.contacts.create({ fields: { firstName: `Customer${i}`, company: 'Indus Motors', phones: [{ label: 'm', number: `0300${String(1000000 + i)}` }] } }));
  }
  core.close();
  return dataDir;
}

async function refusal(dataDir: string): Promise<AgentError> {
  const err = await startDemoCore(dataDir).then(
    ({ core }) => {
      core.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AgentError);
  return err as AgentError;
}

function damage(file: string, offset: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(64);
  fs.readSync(fd, b, 0, 64, offset);
  for (let i = 0; i < b.length; i++) b[i] = b[i]! ^ 0x5a;
  fs.writeSync(fd, b, 0, 64, offset);
  fs.closeSync(fd);
}

describe('a damaged or foreign store file', () => {
  const cases: Array<[string, (file: string, dir: string) => void, string, RegExp]> = [
    ['truncated mid-page', (f) => fs.truncateSync(f, fs.statSync(f).size - 1000), 'STORE_CORRUPT', /truncated/],
    ['truncated to a whole page', (f) => fs.truncateSync(f, 4096 * 3), 'STORE_CORRUPT', /damaged/],
    ['emptied', (f) => fs.truncateSync(f, 0), 'STORE_CORRUPT', /empty/],
    ['damaged in its first page', (f) => damage(f, 200), 'STORE_CORRUPT', /damaged at its start/],
    ['damaged in the middle', (f) => damage(f, 4096 * 20 + 100), 'STORE_CORRUPT', /damaged/],
    ['damaged at its end', (f) => damage(f, fs.statSync(f).size - 200), 'STORE_CORRUPT', /damaged/],
    ['replaced by random bytes', (f) => fs.writeFileSync(f, Buffer.alloc(65536, 7)), 'STORE_CORRUPT', /damaged/],
    [
      'replaced by an unencrypted SQLite database',
      (f) => {
        fs.rmSync(f);
        const plain = new Database(f);
        plain.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
        plain.close();
      },
      'STORE_CORRUPT',
      /unencrypted/,
    ],
    ['damaged in its first page, without the key check file', (f) => (damage(f, 200), fs.rmSync(keyCheckFile(f))), 'STORE_KEY_MISMATCH', /or the file is damaged/],
  ];

  for (const [what, spoil, code, message] of cases) {
    it(`${what}: ${code}, file kept as it was`, async () => {
      const dataDir = await storeWithData();
      const file = path.join(dataDir, DATABASE_FILE);
      spoil(file, dataDir);
      const before = folderDigest(dataDir);
      const err = await refusal(dataDir);
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/kept for recovery|left untouched/);
      expect(folderDigest(dataDir)).toEqual(before);
      // Trying again changes nothing either.
      expect((await refusal(dataDir)).code).toBe(code);
      expect(folderDigest(dataDir)).toEqual(before);
    });
  }

  it('opens again once the original file is put back', async () => {
    const dataDir = await storeWithData();
    const file = path.join(dataDir, DATABASE_FILE);
    const original = fs.readFileSync(file);
    damage(file, 4096 * 20 + 100);
    await refusal(dataDir);
    fs.writeFileSync(file, original);
    const { core } = await startDemoCore(dataDir);
    expect(unwrap(await agentFor(core).agent.contacts.search({ query: 'customer299' }))).toHaveLength(1);
    core.close();
  });

  it('starts fresh in an empty folder', async () => {
    const { core, dataDir } = await startDemoCore(tempDir());
    core.close();
    expect(fs.readdirSync(dataDir)).toContain(DATABASE_FILE);
  });
});
