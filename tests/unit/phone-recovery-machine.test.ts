import { describe, expect, it } from 'vitest';
import {
  INITIAL_RECOVERY,
  lineProbeUrl,
  NEVER_UP_FIRST_ATTEMPT,
  reconnectBy,
  RETRY_TRANSITIONS,
  RECONNECT_DELAYS_MS,
  RECONNECT_JITTER,
  RECOVERY_TRANSITIONS,
  recoveryTransition,
  RESUME_TRANSITIONS,
  SUSPEND_TRANSITIONS,
  type RecoveryEffect,
  type RecoveryEvent,
  type RecoveryState,
} from '../../renderer/src/phone/recovery/recovery-machine';

const FAST = { fastReconnect: true };
const STOCK = { fastReconnect: false };

/** Runs events from a state; returns the final state and every effect in order. */
function run(events: RecoveryEvent['type'][], from: RecoveryState = INITIAL_RECOVERY, options = FAST) {
  const effects: RecoveryEffect[] = [];
  let state = from;
  for (const type of events) {
    const step = recoveryTransition(state, { type } as RecoveryEvent, options);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects, types: effects.map((e) => e.type) };
}

const up = run(['start', 'connected']).state;

describe('phone connection recovery machine', () => {
  it('starts stopped and does nothing until the policy starts it', () => {
    expect(run(['kick', 'disconnected', 'retry-due', 'socket-silent', 'connected'])).toMatchObject({ state: INITIAL_RECOVERY, effects: [] });
    expect(run(['start']).state.phase).toBe('connecting');
  });

  it('runs the keepalive while connected and pings only one at a time', () => {
    const connected = run(['start', 'connected']);
    expect(connected.state).toEqual({ phase: 'connected', attempt: 0, lineCheck: 'on', upSinceStart: true });
    expect(connected.types).toEqual(['cancel-retry', 'start-keepalive']);
    const probing = run(['keepalive-due', 'keepalive-due', 'kick'], up);
    expect(probing.state.phase).toBe('probing');
    expect(probing.types).toEqual(['send-ping']);
    expect(run(['keepalive-due', 'ping-answered'], up).state.phase).toBe('connected');
  });

  it('drops a socket that does not answer and connects again at once', () => {
    const silent = run(['keepalive-due', 'socket-silent'], up);
    expect(silent.state).toEqual({ phase: 'connecting', attempt: 0, lineCheck: 'on', upSinceStart: true });
    expect(silent.types).toEqual(['send-ping', 'stop-keepalive', 'cancel-retry', 'drop-and-connect']);
    // A REGISTER that timed out says the same about the socket.
    expect(run(['socket-silent'], up).types).toContain('drop-and-connect');
  });

  /** The delays of the retries scheduled through `count` failed connects in a row (draw 0.5: no jitter). */
  const scheduledDelays = (count: number, draw = 0.5) => {
    const scheduled = (effects: readonly RecoveryEffect[]) => effects.flatMap((e) => (e.type === 'schedule-retry' ? [e.delayMs] : []));
    let state = up;
    const delays: number[] = [];
    for (let i = 0; i < count; i++) {
      const events: RecoveryEvent['type'][] = i === 0 ? ['disconnected'] : ['retry-due', 'disconnected'];
      for (const type of events) {
        const step = recoveryTransition(state, { type } as RecoveryEvent, FAST, draw);
        state = step.state;
        delays.push(...scheduled(step.effects));
      }
    }
    return delays;
  };

  it('retries on the schedule: 100 ms for 3 s, 250 ms to 2 min, then 1 s, 5 s at the end', () => {
    const delays = scheduledDelays(600);
    /** When (ms into the outage) each attempt goes. */
    const at = delays.map((_, i) => delays.slice(0, i + 1).reduce((a, b) => a + b, 0));
    expect(delays.slice(0, 30).every((d) => d === 100)).toBe(true);
    expect(at[29]).toBe(3000);
    // Issue 14 item 6: after a cut of up to ~2 min an attempt goes within 250 ms of the line's return.
    const upToTwoMinutes = delays.filter((_, i) => at[i]! > 3000 && at[i]! <= 120_000);
    expect(new Set(upToTwoMinutes)).toEqual(new Set([250]));
    expect(at[delays.indexOf(1000) - 1]).toBe(120_000);
    expect(delays.at(-1)).toBe(RECONNECT_DELAYS_MS.at(-1));
    expect(delays.at(-1)).toBe(5000);
    // Non-decreasing: it only ever backs off.
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
  });

  /**
   * An outage of `outageMs` with nothing answering: when (nominal ms into the outage) each check
   * went, and whether it was a line probe or a WebSocket.
   */
  const outage = (outageMs: number) => {
    let state = run(['disconnected'], up).state;
    let atMs = 0;
    let delayMs = 100;
    const checks: { atMs: number; by: 'probe' | 'websocket' }[] = [];
    while (atMs + delayMs <= outageMs) {
      atMs += delayMs;
      let step = recoveryTransition(state, { type: 'retry-due' }, FAST);
      const by = step.effects.some((e) => e.type === 'connect-now') ? 'websocket' : 'probe';
      checks.push({ atMs, by });
      if (by === 'websocket') step = recoveryTransition(step.state, { type: 'disconnected' }, FAST);
      state = step.state;
      delayMs = step.effects.flatMap((e) => (e.type === 'schedule-retry' ? [e.delayMs] : []))[0] ?? Number.NaN;
    }
    return { state, checks, webSocketsAtS: checks.filter((c) => c.by === 'websocket').map((c) => Math.round(c.atMs / 1000)) };
  };

  it('while down it probes the line, not the WebSocket, whose failures Chromium throttles (issue 14)', () => {
    const { checks, webSocketsAtS } = outage(600_000);
    expect(checks.slice(0, 30).every((c) => c.by === 'probe')).toBe(true);
    expect(run(['disconnected', 'retry-due'], up).types).toEqual(['stop-keepalive', 'schedule-retry', 'probe-line', 'schedule-retry']);
    // The backstop for a server that never answers plain HTTP: a WebSocket every 10 s for 30 s,
    // every 30 s to 3 min, then every minute — at most 9 in any 4 minutes.
    expect(webSocketsAtS).toEqual([10, 20, 30, 60, 90, 120, 150, 180, 240, 300, 360, 420, 480, 540, 600]);
    for (let fromS = 0; fromS < 600; fromS += 10) expect(webSocketsAtS.filter((s) => s >= fromS && s < fromS + 240).length).toBeLessThanOrEqual(9);
    expect(reconnectBy(0, 'off')).toBe('websocket');
  });

  it('a probe answered connects at once; late answers after that move nothing', () => {
    const down = outage(5000).state;
    const answered = run(['line-answered'], down);
    expect(answered.types).toEqual(['cancel-retry', 'connect-now']);
    expect(answered.state).toMatchObject({ phase: 'connecting', lineCheck: 'led' });
    // The count goes on: a server that answers but refuses the WebSocket is not a fresh outage.
    expect(answered.state.attempt).toBe(down.attempt);
    expect(run(['line-answered'], answered.state).effects).toEqual([]);
    expect(run(['line-answered'], up).effects).toEqual([]);
    expect(run(['connected'], answered.state).state).toEqual({ phase: 'connected', attempt: 0, lineCheck: 'on', upSinceStart: true });
  });

  it('a server that answers HTTP but refuses the WebSocket: the probe is dropped for that outage, every retry is a WebSocket', () => {
    const refused = run(['line-answered', 'disconnected'], outage(5000).state);
    expect(refused.state).toMatchObject({ phase: 'waiting', lineCheck: 'off' });
    expect(run(['retry-due'], refused.state).types).toEqual(['connect-now']);
    expect(run(['retry-due', 'disconnected', 'retry-due'], refused.state).types).toEqual(['connect-now', 'stop-keepalive', 'schedule-retry', 'connect-now']);
    // Up again, or a kick (the network changed): the probe is trusted again.
    expect(run(['retry-due', 'connected'], refused.state).state.lineCheck).toBe('on');
    expect(run(['kick'], refused.state).state.lineCheck).toBe('on');
  });

  it('the probe asks the WebSocket server\'s own listener over http(s), TLS unless loopback like the WebSocket', () => {
    expect(lineProbeUrl('wss://pbx.example.com:8089/ws')).toBe('https://pbx.example.com:8089/ws');
    expect(lineProbeUrl('wss://pbx.example.com/ws?x=1')).toBe('https://pbx.example.com/ws?x=1');
    expect(lineProbeUrl('ws://127.0.0.1:8088')).toBe('http://127.0.0.1:8088/');
    expect(lineProbeUrl('ws://[::1]:8088/sip')).toBe('http://[::1]:8088/sip');
    expect(lineProbeUrl('https://pbx.example.com')).toBeNull();
    expect(lineProbeUrl('not a url')).toBeNull();
  });

  it('moves each delay by the caller\'s draw, at most ±20 %, so a fleet does not reconnect in lockstep', () => {
    expect(RECONNECT_JITTER).toBe(0.2);
    expect(scheduledDelays(1, 0)).toEqual([80]);
    expect(scheduledDelays(1, 0.5)).toEqual([100]);
    expect(scheduledDelays(1, 0.999_999)).toEqual([120]);
    expect(scheduledDelays(40, 0).at(-1)).toBe(200);
    expect(scheduledDelays(40, 0.999_999).at(-1)).toBe(300);
    // Out-of-range draws are clamped, never a negative or doubled delay.
    expect(scheduledDelays(1, -3)).toEqual([80]);
    expect(scheduledDelays(1, 7)).toEqual([120]);
    // The same state and event with the same draw give the same step: the machine stays pure.
    const down = run(['disconnected'], up).state;
    expect(recoveryTransition(down, { type: 'retry-due' }, FAST, 0.3)).toEqual(recoveryTransition(down, { type: 'retry-due' }, FAST, 0.3));
  });

  it('a SIP server not reached since start is retried every second for a minute, then every 5 s, not 4 times a second', () => {
    const delaysUntil = (from: RecoveryState, count: number) => {
      let state = run(['disconnected'], from).state;
      const delays: number[] = [];
      for (let i = 0; i < count; i++) {
        const step = recoveryTransition(state, { type: 'retry-due' }, FAST);
        delays.push(...step.effects.flatMap((e) => (e.type === 'schedule-retry' ? [e.delayMs] : [])));
        state = step.effects.some((e) => e.type === 'connect-now') ? recoveryTransition(step.state, { type: 'disconnected' }, FAST).state : step.state;
      }
      return { delays, state };
    };
    const neverUp = run(['start']).state;
    expect(neverUp.upSinceStart).toBe(false);
    const first = run(['disconnected'], neverUp);
    expect(first.effects).toEqual([{ type: 'stop-keepalive' }, { type: 'schedule-retry', delayMs: 100 }]);
    expect(first.state.attempt).toBe(NEVER_UP_FIRST_ATTEMPT);
    const { delays, state } = delaysUntil(neverUp, 80);
    // About a minute of 1 s checks (a WebSocket backstop among them schedules its own), then 5 s.
    const slow = delays.indexOf(5000);
    expect(new Set(delays.slice(0, slow))).toEqual(new Set([1000]));
    expect(slow).toBeGreaterThanOrEqual(55);
    expect(new Set(delays.slice(slow))).toEqual(new Set([5000]));
    // Network back or waking still connects at once, and the first connect that works ends it:
    const kicked = run(['kick'], state);
    expect(kicked.types).toEqual(['cancel-retry', 'connect-now']);
    const cameUp = run(['connected'], kicked.state).state;
    expect(cameUp.upSinceStart).toBe(true);
    // …the next outage of that line is retried on the fast schedule.
    expect(delaysUntil(cameUp, 5).delays).toEqual([100, 100, 100, 100, 100]);
    // A restarted UA (another account, the phone off and on) starts as not reached again.
    expect(run(['stop', 'start'], cameUp).state.upSinceStart).toBe(false);
  });

  it('a second disconnect while a retry is scheduled schedules nothing more', () => {
    const waiting = run(['disconnected'], up);
    expect(waiting.state).toEqual({ phase: 'waiting', attempt: 1, lineCheck: 'on', upSinceStart: true });
    expect(waiting.types).toEqual(['stop-keepalive', 'schedule-retry']);
    expect(run(['disconnected'], waiting.state).effects).toEqual([]);
  });

  it('a kick while down (network back, resume) connects now and starts the schedule again', () => {
    const down = run(['disconnected', 'retry-due', 'disconnected', 'retry-due', 'disconnected'], up).state;
    expect(down.attempt).toBe(3);
    const kicked = run(['kick'], down);
    expect(kicked.state).toEqual({ phase: 'connecting', attempt: 0, lineCheck: 'on', upSinceStart: true });
    expect(kicked.types).toEqual(['cancel-retry', 'connect-now']);
  });

  it('a connect by JsSIP\'s own backstop timer is as good as ours', () => {
    const back = run(['disconnected', 'connected'], up);
    expect(back.state).toEqual({ phase: 'connected', attempt: 0, lineCheck: 'on', upSinceStart: true });
    expect(back.types.slice(-2)).toEqual(['cancel-retry', 'start-keepalive']);
  });

  it('stop ends every timer from any phase, and nothing restarts until start', () => {
    for (const from of ['connecting', 'connected', 'probing', 'waiting'] as const) {
      const stopped = run(['stop'], { phase: from, attempt: 2, lineCheck: 'on', upSinceStart: true });
      expect(stopped.state.phase).toBe('stopped');
      expect(stopped.types).toEqual(['stop-keepalive', 'cancel-retry']);
    }
    expect(run(['stop', 'disconnected', 'kick'], up).effects.slice(2)).toEqual([]);
  });

  it('a late ping answer after the socket went down moves nothing', () => {
    const waiting = run(['keepalive-due', 'disconnected'], up).state;
    expect(run(['ping-answered', 'ping-not-sent'], waiting).state).toEqual(waiting);
  });

  it('stock JsSIP mode leaves reconnecting to JsSIP: no kicks, no own reconnects', () => {
    const stockUp = run(['start', 'connected'], INITIAL_RECOVERY, STOCK).state;
    expect(run(['kick'], stockUp, STOCK).effects).toEqual([]);
    const down = run(['disconnected'], stockUp, STOCK);
    expect(down.types).toEqual(['stop-keepalive']);
    expect(run(['retry-due', 'socket-silent', 'line-answered'], down.state, STOCK).effects).toEqual([]);
    expect(run(['connected'], down.state, STOCK).state.phase).toBe('connected');
  });

  /** One event with its data (suspend/resume carry what the shell saw). */
  const step = (state: RecoveryState, event: RecoveryEvent, options = FAST) => {
    const r = recoveryTransition(state, event, options);
    return { state: r.state, types: r.effects.map((e) => e.type) };
  };

  it('waking with no call live takes a fresh socket at once, however open the old one looks (the connect REGISTERs)', () => {
    for (const phase of ['connected', 'probing', 'suspended'] as const) {
      const woke = step({ phase, attempt: 3, lineCheck: 'on', upSinceStart: true }, { type: 'resume', socketOpen: true, callLive: false });
      expect(woke.state).toEqual({ phase: 'connecting', attempt: 0, lineCheck: 'on', upSinceStart: true });
      expect(woke.types).toContain('drop-and-connect');
    }
  });

  it('waking during a call keeps the socket, REGISTERs on it at once and pings it (issue 11 fault 7)', () => {
    for (const phase of ['connected', 'probing'] as const) {
      const woke = step({ phase, attempt: 0, lineCheck: 'on', upSinceStart: true }, { type: 'resume', socketOpen: true, callLive: true });
      expect(woke.state.phase).toBe('probing');
      // The REGISTER goes whatever the socket looks like: the registrar may have dropped the binding.
      expect(woke.types).toContain('register-now');
      expect(woke.types).toContain('send-ping');
      expect(woke.types).not.toContain('drop-and-connect');
    }
    // A REGISTER or ping that then times out says the socket is dead: dropped and connected again.
    const woke = step(up, { type: 'resume', socketOpen: true, callLive: true }).state;
    expect(run(['socket-silent'], woke).types).toContain('drop-and-connect');
  });

  it('waking with the socket down connects at once (the connect registers)', () => {
    for (const phase of ['connecting', 'waiting', 'suspended'] as const) {
      const woke = step({ phase, attempt: 7, lineCheck: 'on', upSinceStart: true }, { type: 'resume', socketOpen: false, callLive: false });
      expect(woke.state).toEqual({ phase: 'connecting', attempt: 0, lineCheck: 'on', upSinceStart: true });
      expect(woke.types).toEqual(['cancel-retry', 'connect-now']);
    }
  });

  it('going to sleep with no call live unregisters; with a call live stays registered; nothing retries while asleep', () => {
    const idle = step(up, { type: 'suspend', callLive: false });
    expect(idle.state.phase).toBe('suspended');
    expect(idle.types).toEqual(['stop-keepalive', 'cancel-retry', 'unregister']);
    const inCall = step(up, { type: 'suspend', callLive: true });
    expect(inCall.types).toEqual(['stop-keepalive', 'cancel-retry']);
    expect(run(['disconnected', 'keepalive-due', 'retry-due', 'kick', 'socket-silent'], idle.state).effects).toEqual([]);
    expect(step(idle.state, { type: 'suspend', callLive: false }).types).toEqual([]);
    // Waking from it registers again (through a fresh socket: no call is live).
    expect(step(idle.state, { type: 'resume', socketOpen: true, callLive: false }).types).toContain('drop-and-connect');
  });

  it('sleep and wake do nothing while the phone is off, and stock JsSIP mode does not re-register on waking', () => {
    expect(step(INITIAL_RECOVERY, { type: 'suspend', callLive: false }).types).toEqual([]);
    expect(step(INITIAL_RECOVERY, { type: 'resume', socketOpen: true, callLive: false }).types).toEqual([]);
    expect(step(up, { type: 'resume', socketOpen: true, callLive: false }, STOCK).types).toEqual([]);
  });

  it('has a row for every phase, and every target is a phase', () => {
    const phases = Object.keys(RECOVERY_TRANSITIONS);
    for (const row of Object.values(RECOVERY_TRANSITIONS)) for (const t of Object.values(row)) expect(phases).toContain(t.to);
    for (const t of [...Object.values(SUSPEND_TRANSITIONS), ...Object.values(RESUME_TRANSITIONS), ...Object.values(RETRY_TRANSITIONS)]) expect(phases).toContain(t.to);
  });
});
