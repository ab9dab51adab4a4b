/**
 * The pull cursor (sync-protocol.ts, src/server/pull.ts): every form the server ever wrote still
 * reads, and the old ones map so that nothing after them is skipped; the cursor stays within
 * the length PullQuery accepts however many transactions the cluster runs; text that is no
 * cursor is refused before it reaches PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { CURSOR_XIP_MAX, PULL_CURSOR_MAX_LENGTH, PullCursor, PullQuery, formatPullCursor, parsePullCursor, parseSnapshot, type Snapshot } from '../../src/contract';
import { boundedSnapshot } from '../../src/server/pull';

/** Visible in the snapshot, as pg_visible_in_snapshot decides. */
const visible = (xid: bigint, s: Snapshot) => xid < s.xmin || (xid < s.xmax && !s.xip.includes(xid));

describe('pull cursor', () => {
  it('reads a complete round as its snapshot, from its xmin', () => {
    expect(parsePullCursor('s100:108:100,103')).toEqual({ prev: { xmin: 100n, xmax: 108n, xip: [100n, 103n] }, target: null, after: { xid: 100n, version: 0n } });
    expect(formatPullCursor(parsePullCursor('s100:108:100,103')!)).toBe('s100:108:100,103');
    expect(parsePullCursor('s100:100:')).toMatchObject({ prev: { xmin: 100n, xmax: 100n, xip: [] } });
  });

  it('reads a round in pages as its prev, its target and the last row served', () => {
    const text = 's100:108:100,103/105:112:105,110/104.977';
    expect(parsePullCursor(text)).toEqual({
      prev: { xmin: 100n, xmax: 108n, xip: [100n, 103n] },
      target: { xmin: 105n, xmax: 112n, xip: [105n, 110n] },
      after: { xid: 104n, version: 977n },
    });
    expect(formatPullCursor(parsePullCursor(text)!)).toBe(text);
  });

  it('maps the older forms so that every change after them comes: x<xid>.<version> and a number', () => {
    // Every transaction below 5000 had finished and was served, 5000 up to version 977.
    expect(parsePullCursor('x5000.977')).toEqual({ prev: { xmin: 5000n, xmax: 5000n, xip: [] }, target: null, after: { xid: 5000n, version: 977n } });
    // Rows from before server migration 008 carry transaction 0: prev "1:1:" holds nothing since.
    expect(parsePullCursor(42)).toEqual({ prev: { xmin: 1n, xmax: 1n, xip: [] }, target: null, after: { xid: 0n, version: 42n } });
    expect(parsePullCursor('x0.42')).toEqual(parsePullCursor('42'));
    expect(parsePullCursor('0')).toMatchObject({ after: { xid: 0n, version: 0n } });
  });

  it('refuses text that is no cursor, or a snapshot PostgreSQL would refuse', () => {
    for (const bad of ['', 'x', 'x12', 's', 's1:2', 's0:0:', 's5:4:', 's5:9:3', 's5:9:9', 's5:9:7,6', 's5:9:6,6', 's1:1:/1:1:', 's1:1:/1:1:/3', 'x1.99999999999999999999', 's1:9223372036854775808:', '-1', '1e3']) {
      expect(parsePullCursor(bad), bad).toBeNull();
      expect(PullQuery.safeParse({ cursor: bad }).success, bad).toBe(false);
    }
    expect(parseSnapshot('5:9:6,8')).toEqual({ xmin: 5n, xmax: 9n, xip: [6n, 8n] });
  });

  it('stays within the length PullQuery accepts, whatever the cluster runs: a target names at most CURSOR_XIP_MAX', () => {
    const huge = (base: bigint): Snapshot => ({ xmin: base, xmax: base + 10_000n, xip: Array.from({ length: 1000 }, (_, i) => base + BigInt(i) * 7n) });
    const at = 10n ** 19n - 10n ** 18n;
    const text = formatPullCursor({ prev: boundedSnapshot(huge(at)), target: boundedSnapshot(huge(at + 5n)), after: { xid: at + 5n, version: 9_000_000_000_000_000_000n } });
    expect(text.length).toBeLessThanOrEqual(PULL_CURSOR_MAX_LENGTH);
    expect(PullQuery.parse({ cursor: text }).cursor).toBe(text);
    expect(PullCursor.parse(text)).toBe(text);
    // One more running transaction than a snapshot may name is refused.
    const tooMany = { xmin: 10n, xmax: 10_000n, xip: Array.from({ length: CURSOR_XIP_MAX + 1 }, (_, i) => 10n + BigInt(i)) };
    expect(PullQuery.safeParse({ cursor: formatPullCursor({ prev: tooMany, target: null, after: { xid: 10n, version: 0n } }) }).success).toBe(false);
  });

  it('bounds a snapshot to one that sees no more than it: a dropped commit comes a round later, never not at all', () => {
    const s: Snapshot = { xmin: 100n, xmax: 120n, xip: [100n, 104n, 107n, 111n] };
    const b = boundedSnapshot(s, 2);
    expect(b).toEqual({ xmin: 100n, xmax: 107n, xip: [100n, 104n] });
    for (let x = 95n; x < 125n; x++) if (visible(x, b)) expect(visible(x, s), String(x)).toBe(true);
    expect(boundedSnapshot(s, 4)).toBe(s);
  });
});
