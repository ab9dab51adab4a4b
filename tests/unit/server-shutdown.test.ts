import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/log';
import { shutDown } from '../../src/server/shutdown';

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: createLogger((line) => lines.push(line)) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the sync server shutdown', () => {
  it('closes every part in order and is clean when all finish', async () => {
    const order: string[] = [];
    const { log, lines } = recordingLog();
    const outcome = await shutDown(
      ['poke sockets', 'HTTP server', 'PostgreSQL pools'].map((name) => ({ name, run: async () => void order.push(name) })),
      20_000,
      log,
    );
    expect(outcome).toBe('clean');
    expect(order).toEqual(['poke sockets', 'HTTP server', 'PostgreSQL pools']);
    expect(lines).toEqual([]);
  });

  it('a part that fails to close is logged and the rest still close', async () => {
    const closed: string[] = [];
    const { log, lines } = recordingLog();
    const outcome = await shutDown(
      [
        { name: 'poke sockets', run: () => Promise.reject(new Error('socket already gone')) },
        { name: 'PostgreSQL pools', run: async () => void closed.push('pools') },
      ],
      20_000,
      log,
    );
    expect(outcome).toBe('clean');
    expect(closed).toEqual(['pools']);
    expect(lines.join('\n')).toContain('closing the poke sockets failed');
  });

  it('a part that never closes ends the shutdown at the grace, named in the warning', async () => {
    vi.useFakeTimers();
    const { log, lines } = recordingLog();
    const after = vi.fn(async () => undefined);
    const outcome = shutDown(
      [
        { name: 'HTTP server', run: async () => undefined },
        { name: 'PostgreSQL pools', run: () => new Promise<void>(() => undefined) },
        { name: 'never reached', run: after },
      ],
      20_000,
      log,
    );
    await vi.advanceTimersByTimeAsync(19_999);
    expect(lines).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBe('timed-out');
    expect(after).not.toHaveBeenCalled();
    expect(lines.join('\n')).toContain('the PostgreSQL pools had not closed after 20000 ms');
  });
});
