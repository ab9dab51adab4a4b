import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/contract';
import { openDatabase, type Db } from '../../src/core/store/database';
import { Outbox } from '../../src/core/sync/outbox';
import { tempDir } from '../support/test-core';

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function setup() {
  const db = openDatabase({ file: path.join(tempDir('agent-outbox-'), 'w.db'), key: randomBytes(32) });
  opened.push(db);
  const outbox = Outbox.for(db);
  const announced: number[] = [];
  // What a listener sees when it hears: the rows must be committed (and so readable) by then.
  outbox.subscribe(() => announced.push(outbox.pending()));
  return { db, outbox, announced };
}

const presence = (since: string): Mutation => ({ kind: 'presence.set', state: 'Available', reason: null, since });

describe('outbox writer', () => {
  it('announces once, after the outermost commit, however deeply writes nest', () => {
    const { db, outbox, announced } = setup();
    outbox.write(() => {
      outbox.queue(presence('2026-01-01T00:00:00.000Z'));
      outbox.write(() => {
        outbox.queue(presence('2026-01-01T00:00:01.000Z'));
        outbox.write(() => outbox.queue(presence('2026-01-01T00:00:02.000Z')));
        expect(announced).toEqual([]);
      });
      expect(announced).toEqual([]);
      expect(db.inTransaction).toBe(true);
    });
    expect(announced).toEqual([3]);
    expect(outbox.peek(10).map((r) => r.mutation)).toEqual([
      presence('2026-01-01T00:00:00.000Z'),
      presence('2026-01-01T00:00:01.000Z'),
      presence('2026-01-01T00:00:02.000Z'),
    ]);
  });

  it('announces nothing and keeps nothing when the change rolls back', () => {
    const { outbox, announced } = setup();
    expect(() =>
      outbox.write(() => {
        outbox.write(() => outbox.queue(presence('2026-01-01T00:00:00.000Z')));
        throw new Error('the change failed after its inner write');
      }),
    ).toThrow('the change failed');
    expect(announced).toEqual([]);
    expect(outbox.pending()).toBe(0);
    expect(outbox.peek(10)).toEqual([]);
  });

  it('an inner write that rolls back inside a committed outer one leaves only the outer rows', () => {
    const { outbox, announced } = setup();
    outbox.write(() => {
      outbox.queue(presence('2026-01-01T00:00:00.000Z'));
      expect(() =>
        outbox.write(() => {
          outbox.queue(presence('2026-01-01T00:00:01.000Z'));
          throw new Error('inner refused');
        }),
      ).toThrow('inner refused');
    });
    expect(announced).toEqual([1]);
  });

  it('a write that queued nothing announces nothing', () => {
    const { outbox, announced } = setup();
    expect(outbox.write(() => 42)).toBe(42);
    expect(announced).toEqual([]);
  });

  it('refuses a mutation queued outside a write, and a write inside a plain transaction', () => {
    const { db, outbox, announced } = setup();
    expect(() => outbox.queue(presence('2026-01-01T00:00:00.000Z'))).toThrow(/inside Outbox.write/);
    expect(() => db.transaction(() => outbox.write(() => outbox.queue(presence('2026-01-01T00:00:00.000Z'))))()).toThrow(/plain db.transaction/);
    expect(outbox.pending()).toBe(0);
    expect(announced).toEqual([]);
  });

  it('is one writer per connection, so repositories share its nesting', () => {
    const { db, outbox } = setup();
    expect(Outbox.for(db)).toBe(outbox);
  });
});
