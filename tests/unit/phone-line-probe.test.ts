/**
 * The recovery shell's line probe (renderer/src/phone/recovery/connection-recovery.ts): while the
 * socket is down it asks the SIP server's HTTP listener, and an answer opens the WebSocket at once
 * (issue 14). Timers are fake; fetch is a stub the test answers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionRecovery } from '../../renderer/src/phone/recovery/connection-recovery';
import { TUNED } from '../../renderer/src/phone/phone-tuning';

interface Probe {
  readonly url: string;
  readonly init: RequestInit;
  answer(): void;
  fail(): void;
}

describe('the line probe while the phone reconnects', () => {
  let probes: Probe[];
  const transport = { isConnected: () => false, isConnecting: () => false, connect: vi.fn(), disconnect: vi.fn(), recovery_timer: null };

  beforeEach(() => {
    vi.useFakeTimers();
    probes = [];
    transport.connect.mockClear();
    vi.stubGlobal('fetch', (url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        probes.push({ url, init, answer: () => resolve(new Response(null, { status: 404 })), fail: () => reject(new TypeError('Failed to fetch')) });
      }),
    );
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const lostSocket = () => {
    const recovery = new ConnectionRecovery(
      { transport: () => transport, webSocketUrls: () => ['ws://127.0.0.1:8088'], sendPing: () => false, register: () => undefined, unregister: () => undefined },
      TUNED,
    );
    for (const type of ['start', 'connected', 'disconnected'] as const) recovery.dispatch({ type });
    return recovery;
  };

  it('asks the WebSocket server over http without credentials or cache, and connects the moment it answers', async () => {
    const recovery = lostSocket();
    await vi.advanceTimersByTimeAsync(130);
    expect(probes).toHaveLength(1);
    expect(probes[0]?.url).toBe('http://127.0.0.1:8088/');
    expect(probes[0]?.init).toMatchObject({ mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    // Scheduling the next check must not abandon the probe just sent.
    expect(probes[0]?.init.signal?.aborted).toBe(false);
    expect(transport.connect).not.toHaveBeenCalled();
    probes[0]?.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.connect).toHaveBeenCalledTimes(1);
    recovery.dispatch({ type: 'stop' });
  });

  it('a probe that fails opens no WebSocket; the checks go on, and a hung one is abandoned after its timeout', async () => {
    const recovery = lostSocket();
    await vi.advanceTimersByTimeAsync(130);
    probes[0]?.fail();
    await vi.advanceTimersByTimeAsync(120);
    expect(probes).toHaveLength(2);
    expect(transport.connect).not.toHaveBeenCalled();
    // The second one hangs (a blackholed line): the next ones still go, and it is given up.
    await vi.advanceTimersByTimeAsync(2100);
    expect(probes[1]?.init.signal?.aborted).toBe(true);
    expect(probes.length).toBeGreaterThan(5);
    recovery.dispatch({ type: 'stop' });
    // Stopping abandons every probe still out (the first one failed on its own).
    expect(probes.slice(1).every((p) => p.init.signal?.aborted)).toBe(true);
  });
});
