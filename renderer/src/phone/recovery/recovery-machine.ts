/**
 * Keeping the SIP socket alive and getting it back, as data. JsSIP alone notices a dead socket
 * only when TCP does (minutes on home broadband) and reconnects on a 2–30 s random backoff; this
 * machine adds a keepalive that proves the socket answers, an immediate reconnect schedule and
 * the outside kicks (network back, resume from sleep). The engine feeds it what JsSIP and the
 * page report and carries out the effects that come out; the machine itself touches nothing,
 * so it is tested alone (tests/unit/phone-recovery-machine.test.ts).
 *
 * It replaces four flags the engine used to read and set in many places (userStopped,
 * reconnectTimer, keepaliveTimer, pingInFlight): each is now a phase.
 */

/**
 * stopped     nobody wants the socket (off policy, quit, account replaced): nothing reconnects.
 * connecting  a connect was asked for; waiting for JsSIP to say connected or disconnected.
 * connected   the socket is up; the keepalive runs.
 * probing     an OPTIONS ping is in flight: its answer proves the socket alive, silence does not.
 * waiting     the socket is down and the next check of the line is scheduled after RECONNECT_DELAYS_MS
 *             (a line probe or a WebSocket: reconnectBy()).
 * suspended   the laptop is going to sleep: nothing is retried until it wakes ('resume').
 */
export type RecoveryPhase = 'stopped' | 'connecting' | 'connected' | 'probing' | 'waiting' | 'suspended';

export type RecoveryEvent =
  /** The policy wants the phone on the server and the UA is being started. */
  | { type: 'start' }
  /** Quit, the policy wants the phone off (with no call up), or the account was replaced. */
  | { type: 'stop' }
  /** JsSIP's transport connected (ours or JsSIP's own backstop timer). */
  | { type: 'connected' }
  | { type: 'disconnected' }
  /** The scheduled reconnect's delay ran out. */
  | { type: 'retry-due' }
  /** A line probe ('probe-line') got an HTTP answer, whatever its status: the path to the SIP server is back. */
  | { type: 'line-answered' }
  /** The keepalive interval ticked. */
  | { type: 'keepalive-due' }
  /** Something outside says the network may be back: online event, the host's probe, resume from sleep. */
  | { type: 'kick' }
  | { type: 'ping-answered' }
  /** The ping could not be sent (the UA says it is not connected); its disconnect event follows. */
  | { type: 'ping-not-sent' }
  /** The socket looks open but does not answer: OPTIONS unanswered, or a REGISTER timed out. */
  | { type: 'socket-silent' }
  /**
   * The laptop is going to sleep (Electron's powerMonitor 'suspend'). `callLive`: a call is up;
   * then the phone stays registered, since unregistering could not end that call anyway.
   */
  | { type: 'suspend'; callLive: boolean }
  /**
   * The laptop woke (Electron's 'resume', the page's lifecycle 'resume', or a timer that fired far
   * too late: a clock jump). `socketOpen`: whether the WebSocket still looks open — which after a
   * sleep proves nothing: the registrar may have dropped the binding (issue 11 fault 7).
   */
  | { type: 'resume'; socketOpen: boolean; callLive: boolean };

export type RecoveryEventType = RecoveryEvent['type'];

export type RecoveryEffect =
  /** Connect the transport now, replacing JsSIP's pending recovery timer (no-op if up or connecting). */
  | { type: 'connect-now' }
  /** Drop the silent socket and connect again at once. */
  | { type: 'drop-and-connect' }
  | { type: 'schedule-retry'; delayMs: number }
  /**
   * Ask the SIP server's own HTTP listener (the WebSocket URL's host, port and path over http(s):
   * lineProbeUrl) whether the line is back, without opening a WebSocket; any answer comes back as
   * 'line-answered', a failure or timeout as nothing.
   */
  | { type: 'probe-line' }
  /** Cancels the scheduled retry and abandons the line probes still out. */
  | { type: 'cancel-retry' }
  | { type: 'send-ping' }
  | { type: 'start-keepalive' }
  /** Stops the interval and abandons a ping in flight: its late answer must not move the machine. */
  | { type: 'stop-keepalive' }
  /** REGISTER now on the open socket, whatever its state looks like (when the policy wants registration). */
  | { type: 'register-now' }
  /** REGISTER with Expires 0: the server stops routing calls to a laptop that sleeps. */
  | { type: 'unregister' };

export type RecoveryEffectType = RecoveryEffect['type'];

/**
 * Whether reconnects go by the line probe (reconnectBy):
 * on   retries probe the line, with a WebSocket now and then as a backstop (WEBSOCKET_BACKSTOP);
 * led  the connect in flight was made because a probe was answered;
 * off  such a connect failed: this server answers HTTP but refuses the WebSocket (or a reverse
 *      proxy answered for a SIP server behind it that is down), so an answer proves nothing; every
 *      retry is a WebSocket, as before issue 14's probe, until the socket is up or a kick.
 */
export type LineCheck = 'on' | 'led' | 'off';

export interface RecoveryState {
  readonly phase: RecoveryPhase;
  /** Reconnects tried since the socket was last up (probes and WebSockets alike); picks the delay of the next one. */
  readonly attempt: number;
  readonly lineCheck: LineCheck;
  /**
   * The socket has been up since the UA was started. Until it has, retries go on the schedule's
   * slow tail (NEVER_UP_FIRST_ATTEMPT): the fast cadence is for a line that was up coming back.
   */
  readonly upSinceStart: boolean;
}

export interface RecoveryOptions {
  /**
   * False runs stock JsSIP (the benchmark's baseline): no own reconnects, no kicks; JsSIP's
   * backstop timer alone brings the socket back.
   */
  readonly fastReconnect: boolean;
}

export const INITIAL_RECOVERY: RecoveryState = { phase: 'stopped', attempt: 0, lineCheck: 'on', upSinceStart: false };

/**
 * When the line is checked while the socket is down, by how long it has been down (each row
 * applies until `untilMs` of outage, the last for ever). Issue 14 asks for the phone registered
 * ≤ 1 s after a network cut of 10–60 s ends. Now:
 * - 100 ms for the first 3 s: a restarted server is back within a second of listening;
 * - 250 ms to 2 min: a cut of up to ~2 minutes (a router restart, a Wi-Fi handover, an ISP blip)
 *   is noticed ~250 ms (±20 % jitter) after the line returns, leaving ~700 ms of the second for
 *   the WebSocket handshake and REGISTER's digest round trip;
 * - 1 s to 3 min, then 5 s: a longer outage is left to the online/resume kicks (which connect at
 *   once) and to this slow tail.
 * Most checks are line probes, not WebSockets (reconnectBy): Chromium waits before each new
 * WebSocket of a renderer rand(1–5 s) × 2^min(pending + failed ÷ (succeeded + 1), 16) ÷ 65536,
 * counting the current and the previous window (rolled every 2 minutes; WebSocketPerProcessThrottler
 * ::CalculateDelay, services/network/websocket_throttler.cc). When every check was a WebSocket,
 * a 10 s cut alone made ~60 failures, so the connect after the line returned waited 1–5 s before
 * its handshake began (the shift measured 543–2,666 ms to re-register). A failed fetch() is not
 * counted there.
 * The cost: a check during a cut is one SYN (answered by one RST when the server is down, ~120
 * bytes; going nowhere beyond the agent's router when the line is cut). With the SIP server down,
 * N agents send N × 4 SYN/s for up to 2 minutes (1,000 agents: 4,000 SYN/s), which its kernel
 * refuses without waking Kamailio; when it comes back each agent's next probe is one HTTP GET
 * (Kamailio's xhttp answers 404 from the same listener and closes). The jitter (RECONNECT_JITTER)
 * keeps a fleet from reconnecting in lockstep when a SIP server comes back.
 */
export const RECONNECT_SCHEDULE: readonly { readonly everyMs: number; readonly untilMs: number }[] = [
  { everyMs: 100, untilMs: 3000 },
  { everyMs: 250, untilMs: 120_000 },
  { everyMs: 1000, untilMs: 180_000 },
  { everyMs: 5000, untilMs: Infinity },
];

/** The schedule unrolled: the nominal delay (ms, before jitter) of each attempt; the last repeats for ever. */
export const RECONNECT_DELAYS_MS: readonly number[] = RECONNECT_SCHEDULE.flatMap(({ everyMs, untilMs }, i) => {
  const fromMs = i === 0 ? 0 : (RECONNECT_SCHEDULE[i - 1]?.untilMs ?? 0);
  return Number.isFinite(untilMs) ? Array<number>(Math.round((untilMs - fromMs) / everyMs)).fill(everyMs) : [everyMs];
});

/**
 * The attempt a SIP server that has not answered since the UA started goes on from, after its
 * first quick retry: the schedule's 1 s row (a minute of it, then 5 s, a WebSocket every 30–60 s).
 * The 100–250 ms rows exist to catch the return of a line that was up (issue 14's ≤ 1 s
 * re-register after a cut); a server never reached since start is a wrong address, a server not
 * set up, or a line not up yet, and probing it 4 times a second for 2 minutes only filled the
 * console with refused fetches (each a line Chromium logs and no page can silence) and sent SYNs
 * nobody answers. The 1 s minute is for the workstation started in a power cut's aftermath while
 * the router's uplink is still coming up (its Wi-Fi already there, so no 'online' kick when the
 * uplink returns): it registers within about a second of it. Network back and waking still
 * connect at once (the kicks).
 */
export const NEVER_UP_FIRST_ATTEMPT = RECONNECT_DELAYS_MS.indexOf(1000);

/** Each delay is moved by up to ±20 % at random, so agents that lost the server together do not return together. */
export const RECONNECT_JITTER = 0.2;

/**
 * The delay (ms) before reconnect attempt `attempt` (0-based). `draw` is a uniform random number
 * in [0, 1) from the caller (Math.random() in the shell; fixed in tests) so the machine stays
 * pure: 0 gives −20 %, 0.5 the nominal delay, just under 1 gives +20 %.
 */
export const reconnectDelayMs = (attempt: number, draw = 0.5): number => {
  const nominal = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
  const unit = Math.min(Math.max(draw, 0), 1);
  return Math.round(nominal * (1 + RECONNECT_JITTER * (2 * unit - 1)));
};

/**
 * When a real WebSocket still goes while the line is probed, by outage time (same shape as
 * RECONNECT_SCHEDULE): every 10 s for the first 30 s, every 30 s to 3 min, then every minute.
 * The backstop for a SIP server whose port never answers plain HTTP (a PBX that closes such a
 * request without a reply looks exactly like a cut line): it is found again within 10–60 s, or at
 * once on an online/resume kick. Sparse on purpose: it adds at most 9 failed WebSockets to any
 * 4 minutes (Chromium's two throttle windows), after which the throttle waits at most
 * 2^9 × 5 s ÷ 65536 ≈ 40 ms before the next handshake.
 */
export const WEBSOCKET_BACKSTOP: readonly { readonly everyMs: number; readonly untilMs: number }[] = [
  { everyMs: 10_000, untilMs: 30_000 },
  { everyMs: 30_000, untilMs: 180_000 },
  { everyMs: 60_000, untilMs: Infinity },
];

/** How many backstop marks fall at or before `outageMs` of outage. */
function backstopMarksBy(outageMs: number): number {
  let marks = 0;
  let fromMs = 0;
  for (const { everyMs, untilMs } of WEBSOCKET_BACKSTOP) {
    const toMs = Math.min(outageMs, untilMs);
    if (toMs <= fromMs) break;
    marks += Math.floor(toMs / everyMs) - Math.floor(fromMs / everyMs);
    fromMs = untilMs;
  }
  return marks;
}

/** The nominal outage time (ms, no jitter) at which attempt `attempt` (0-based) goes. */
function nominalAttemptAtMs(attempt: number): number {
  let atMs = 0;
  for (let i = 0; i <= attempt; i++) atMs += RECONNECT_DELAYS_MS[Math.min(i, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
  return atMs;
}

/**
 * How reconnect attempt `attempt` (0-based) checks the line: a line probe, unless a backstop mark
 * (WEBSOCKET_BACKSTOP) fell since the previous attempt or the probe proved misleading
 * (`lineCheck` off), then a WebSocket.
 */
export function reconnectBy(attempt: number, lineCheck: LineCheck): 'probe' | 'websocket' {
  if (lineCheck === 'off') return 'websocket';
  const previousAtMs = attempt === 0 ? 0 : nominalAttemptAtMs(attempt - 1);
  return backstopMarksBy(nominalAttemptAtMs(attempt)) > backstopMarksBy(previousAtMs) ? 'websocket' : 'probe';
}

/**
 * The URL a line probe asks: the SIP WebSocket URL with ws:→http: and wss:→https: (same host,
 * port, path and query), so it reaches the very listener (and any reverse proxy route) the
 * WebSocket would, and passes the same secure-url rule (TLS unless loopback,
 * src/contract/shared/secure-url.ts). Null for anything that is not a ws(s) URL.
 */
export function lineProbeUrl(webSocketUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(webSocketUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}${url.pathname}${url.search}`;
}

interface Transition {
  readonly to: RecoveryPhase;
  readonly effects: readonly RecoveryEffectType[];
  /** reset: the count starts again (socket up, or a fresh reason to try at once); next: one more retry. */
  readonly attempt?: 'reset' | 'next';
  /** The line check after the step (unchanged when absent); off-if-led: a connect a probe led to failed. */
  readonly lineCheck?: LineCheck | 'off-if-led';
  /** The socket came up (true) or the UA (re)started (false); unchanged when absent. */
  readonly upSinceStart?: boolean;
}

const STOP: Transition = { to: 'stopped', effects: ['stop-keepalive', 'cancel-retry'] };
const UP: Transition = { to: 'connected', effects: ['cancel-retry', 'start-keepalive'], attempt: 'reset', lineCheck: 'on', upSinceStart: true };
const LOST: Transition = { to: 'waiting', effects: ['stop-keepalive', 'schedule-retry'], attempt: 'next', lineCheck: 'off-if-led' };
const PROBE: Transition = { to: 'probing', effects: ['send-ping'] };
const CONNECT_AT_ONCE: Transition = { to: 'connecting', effects: ['cancel-retry', 'connect-now'], attempt: 'reset', lineCheck: 'on' };
const DROP_AND_CONNECT: Transition = { to: 'connecting', effects: ['stop-keepalive', 'cancel-retry', 'drop-and-connect'], attempt: 'reset', lineCheck: 'on' };

/**
 * A retry fell due while waiting (reconnectBy picks which): a WebSocket, or a line probe — after
 * which the next check is scheduled at once, without waiting for the probe's fate (a probe that
 * hangs on a blackholed line must not hold the next one back).
 */
export const RETRY_TRANSITIONS: Readonly<Record<'websocket' | 'probe', Transition>> = {
  websocket: { to: 'connecting', effects: ['connect-now'] },
  probe: { to: 'waiting', effects: ['probe-line', 'schedule-retry'], attempt: 'next' },
};

/**
 * Going to sleep, from any phase but stopped: no keepalive or retry runs while asleep, and with no
 * call live the phone leaves the registrar (RFC 3261 §10.2.2) so no customer call is routed to it.
 */
export const SUSPEND_TRANSITIONS: Readonly<Record<'idle' | 'in-call', Transition>> = {
  idle: { to: 'suspended', effects: ['stop-keepalive', 'cancel-retry', 'unregister'] },
  'in-call': { to: 'suspended', effects: ['stop-keepalive', 'cancel-retry'] },
};

/**
 * Waking, from any phase but stopped. The binding may be gone, and a socket that looks open may be
 * dead (NAT mapping or the server's side lost in the night):
 * - no call live: a fresh socket at once — the connect REGISTERs; nothing to disturb, and no
 *   waiting for a ping to time out on a dead socket (2.7 s measured, against tens of ms);
 * - a call live on an open socket: keep it (its dialog routes through it), REGISTER at once on it
 *   and ping it — a REGISTER or OPTIONS that times out then drops it ('socket-silent');
 * - a socket already down: connect at once, and the connect registers.
 */
export const RESUME_TRANSITIONS: Readonly<Record<'socket-open-idle' | 'socket-open-in-call' | 'socket-down', Transition>> = {
  'socket-open-idle': DROP_AND_CONNECT,
  'socket-open-in-call': { to: 'probing', effects: ['cancel-retry', 'start-keepalive', 'register-now', 'send-ping'], attempt: 'reset' },
  'socket-down': CONNECT_AT_ONCE,
};

/** Where each event leads from each phase. Events missing from a row change nothing and do nothing. */
export const RECOVERY_TRANSITIONS: Readonly<Record<RecoveryPhase, Partial<Record<RecoveryEventType, Transition>>>> = {
  stopped: { start: { to: 'connecting', effects: [], upSinceStart: false } },
  connecting: { stop: STOP, connected: UP, disconnected: LOST, kick: CONNECT_AT_ONCE, 'socket-silent': DROP_AND_CONNECT },
  connected: { stop: STOP, connected: UP, disconnected: LOST, 'keepalive-due': PROBE, kick: PROBE, 'socket-silent': DROP_AND_CONNECT },
  probing: {
    stop: STOP,
    connected: UP,
    disconnected: LOST,
    'ping-answered': { to: 'connected', effects: [] },
    'ping-not-sent': { to: 'connected', effects: [] },
    'socket-silent': DROP_AND_CONNECT,
  },
  waiting: {
    stop: STOP,
    connected: UP,
    // 'retry-due' goes by RETRY_TRANSITIONS.
    // The line answered: the WebSocket at once. Its attempt count goes on (a server that answers
    // but refuses the WebSocket is not a fresh outage).
    'line-answered': { to: 'connecting', effects: ['cancel-retry', 'connect-now'], lineCheck: 'led' },
    kick: CONNECT_AT_ONCE,
    'socket-silent': CONNECT_AT_ONCE,
  },
  // Asleep: a socket closing is expected and retried only on waking.
  suspended: { stop: STOP, connected: UP },
};

/** What stock JsSIP does not do: with fastReconnect off these events are ignored and these effects dropped. */
const FAST_RECONNECT_EVENTS: ReadonlySet<RecoveryEventType> = new Set(['kick', 'socket-silent', 'retry-due', 'line-answered', 'resume']);
const FAST_RECONNECT_EFFECTS: ReadonlySet<RecoveryEffectType> = new Set(['connect-now', 'drop-and-connect', 'schedule-retry', 'probe-line']);

export interface RecoveryStep {
  readonly state: RecoveryState;
  readonly effects: readonly RecoveryEffect[];
}

/**
 * One step of the machine. `draw`: a uniform random number in [0, 1) for the jitter of a retry
 * this step may schedule (reconnectDelayMs); the default 0.5 means no jitter.
 */
export function recoveryTransition(state: RecoveryState, event: RecoveryEvent, options: RecoveryOptions, draw = 0.5): RecoveryStep {
  if (!options.fastReconnect && FAST_RECONNECT_EVENTS.has(event.type)) return { state, effects: [] };
  const transition = transitionFor(state, event);
  if (!transition) return { state, effects: [] };
  const next = state.upSinceStart ? state.attempt + 1 : Math.max(state.attempt + 1, NEVER_UP_FIRST_ATTEMPT);
  const attempt = transition.attempt === 'reset' ? 0 : transition.attempt === 'next' ? next : state.attempt;
  const lineCheck =
    transition.lineCheck === 'off-if-led' ? (state.lineCheck === 'led' ? 'off' : state.lineCheck) : (transition.lineCheck ?? state.lineCheck);
  const effects = transition.effects
    .filter((type) => options.fastReconnect || !FAST_RECONNECT_EFFECTS.has(type))
    // The delay is the one for the attempt being scheduled, before the count moves on.
    .map((type): RecoveryEffect => (type === 'schedule-retry' ? { type, delayMs: reconnectDelayMs(state.attempt, draw) } : { type }));
  return { state: { phase: transition.to, attempt, lineCheck, upSinceStart: transition.upSinceStart ?? state.upSinceStart }, effects };
}

function transitionFor(state: RecoveryState, event: RecoveryEvent): Transition | undefined {
  const { phase } = state;
  if (event.type === 'suspend') return phase === 'stopped' || phase === 'suspended' ? undefined : SUSPEND_TRANSITIONS[event.callLive ? 'in-call' : 'idle'];
  if (event.type === 'resume') {
    if (phase === 'stopped') return undefined;
    return RESUME_TRANSITIONS[!event.socketOpen ? 'socket-down' : event.callLive ? 'socket-open-in-call' : 'socket-open-idle'];
  }
  // In waiting with attempt n, the retry falling due is attempt n − 1 (LOST counted it when scheduling).
  if (event.type === 'retry-due' && phase === 'waiting') return RETRY_TRANSITIONS[reconnectBy(Math.max(state.attempt - 1, 0), state.lineCheck)];
  return RECOVERY_TRANSITIONS[phase][event.type];
}
