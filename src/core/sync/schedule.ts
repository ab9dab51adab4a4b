/**
 * When the sync engine tries: the schedule as data. A pure transition from the state and an
 * event to the next state and the effects the engine (engine.ts) then carries out, on the
 * core's clock. Times are milliseconds on that clock; jitter comes in with the events, so the
 * same events always give the same schedule.
 *
 * The rules: push soon after a local change (a burst of edits goes in one request) unless
 * backing off; back off with jitter after a failed attempt; try at once when the network comes
 * back, on a poke, on sign-in and when asked; one attempt at a time, and a request during one
 * runs another right after it; after a dropped poke socket, check the line once at once and
 * reconnect the socket with its own backoff. An attempt a live call held back (transfer-budget.ts)
 * is not retried until the call ends (or something new asks: a local change, a poke). After a pull
 * an older server served short of its horizon (PullResponse.behindHorizon: a transaction somewhere
 * on its database cluster held newer changes back), pull again after `horizonRetryDelay()`, since no
 * poke will come for those; servers with the snapshot cursor never serve short.
 */

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000 };

/**
 * The wait before retry number `failures` (1, 2, …): doubling from baseMs up to maxMs, with
 * "equal jitter" (between half and all of the step), so agents that lost the same link do not
 * all come back in the same instant, and none retries sooner than half the step.
 */
export function backoffDelay(failures: number, b: Backoff, random: () => number): number {
  const ceiling = Math.min(b.maxMs, b.baseMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The wait before pulling again after `shortPulls` pulls in a row were served short of the
 * server's horizon: 1 s, doubling to 30 s. A held transaction is usually a push finishing (the
 * next pull finds its rows); one held longer (the server's idle-in-transaction timeout is 10 s
 * by default, another database's may be longer) must not make every workstation pull in a loop.
 */
export function horizonRetryDelay(shortPulls: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(Math.max(shortPulls, 1) - 1, 5));
}

export interface ScheduleConfig {
  /** How long after a local change to push. */
  readonly pushDelayMs: number;
  readonly backoff: Backoff;
}

export interface ScheduleState {
  /** Signed in: without a session nothing is scheduled. */
  readonly session: boolean;
  readonly stopped: boolean;
  /** Failed attempts in a row (0: not backing off). */
  readonly failures: number;
  /** Poke socket connections lost in a row. */
  readonly socketFailures: number;
  /** When the armed attempt timer fires; null when none is armed. */
  readonly due: number | null;
  /** An attempt is running. */
  readonly running: boolean;
  /** Something asked for an attempt while one ran: run another when it ends. */
  readonly rerun: boolean;
  /** The last attempt left transfers for after the call: run one when it ends. */
  readonly deferred: boolean;
  /** Pulls in a row the server served short of its horizon (0: the last one was complete). */
  readonly shortPulls: number;
}

export const initialSchedule: ScheduleState = { session: false, stopped: false, failures: 0, socketFailures: 0, due: null, running: false, rerun: false, deferred: false, shortPulls: 0 };

/** `jitter` is a random number in [0, 1) for the backoff. */
export type ScheduleEvent =
  | { readonly type: 'signed-in'; readonly at: number }
  | { readonly type: 'signed-out' }
  | { readonly type: 'local-change'; readonly at: number }
  /** Sync soon: a poke with something new, a caller waiting for "synced". */
  | { readonly type: 'wanted'; readonly at: number }
  /** Sync now, whatever the backoff (the agent's "sync now"). */
  | { readonly type: 'now' }
  | { readonly type: 'network'; readonly online: boolean; readonly at: number }
  | { readonly type: 'timer' }
  /**
   * An attempt ended: `outboxEmpty` after a success; `deferred` when a live call held pushes or
   * pulls back (transfer-budget.ts), which then wait for 'call-ended' instead of a retry now;
   * `behindHorizon` when its pull's last page was served short of the server's horizon
   * (PullResponse.behindHorizon).
   */
  | { readonly type: 'attempt-ok'; readonly at: number; readonly outboxEmpty: boolean; readonly deferred?: boolean; readonly behindHorizon?: boolean }
  /** The agent's live call ended: what it held back goes now. */
  | { readonly type: 'call-ended'; readonly at: number }
  | { readonly type: 'attempt-failed'; readonly at: number; readonly jitter: number }
  | { readonly type: 'attempt-unauthorized' }
  | { readonly type: 'poke-open' }
  | { readonly type: 'poke-closed'; readonly at: number; readonly jitter: number }
  | { readonly type: 'stop' };

export type ScheduleEffect =
  /** Arm the attempt timer to fire at `at` (replacing any armed one). */
  | { readonly type: 'arm'; readonly at: number }
  | { readonly type: 'disarm' }
  | { readonly type: 'attempt' }
  /** The attempt (with its reruns) succeeded: the server is reachable. */
  | { readonly type: 'succeeded' }
  /** Everything is pushed and pulled: release whoever waits for that. */
  | { readonly type: 'synced' }
  /** An attempt failed; the next is in `retryInMs` (for the log). */
  | { readonly type: 'backing-off'; readonly retryInMs: number }
  /** Open the poke socket at `at` (now or later). */
  | { readonly type: 'connect-poke'; readonly at: number }
  | { readonly type: 'close-poke' };

export interface Step {
  readonly state: ScheduleState;
  readonly effects: readonly ScheduleEffect[];
}

const step = (state: ScheduleState, ...effects: ScheduleEffect[]): Step => ({ state, effects });

/** Arms the timer for `at` unless one is armed sooner; nothing while signed out or stopped. */
function kick(s: ScheduleState, at: number): Step {
  if (s.stopped || !s.session) return step(s);
  if (s.due !== null && s.due <= at) return step(s);
  return step({ ...s, due: at }, { type: 'arm', at });
}

/** Starts an attempt, or asks the running one for another round. */
function run(s: ScheduleState): Step {
  if (s.running) return step({ ...s, rerun: true });
  return step({ ...s, running: true, rerun: false, due: null }, { type: 'disarm' }, { type: 'attempt' });
}

const then = (first: Step, next: (s: ScheduleState) => Step): Step => {
  const second = next(first.state);
  return step(second.state, ...first.effects, ...second.effects);
};

export function nextSchedule(config: ScheduleConfig, s: ScheduleState, e: ScheduleEvent): Step {
  switch (e.type) {
    case 'signed-in': {
      const signedIn: ScheduleState = { ...s, session: true, failures: 0 };
      return s.stopped ? step(signedIn) : then(step(signedIn, { type: 'connect-poke', at: e.at }), (x) => kick(x, e.at));
    }
    case 'signed-out':
      return step({ ...s, session: false, due: null }, { type: 'close-poke' }, { type: 'disarm' });
    case 'local-change':
      // In backoff the timer is already set: a keystroke must not hammer a dead server.
      return s.failures === 0 ? kick(s, e.at + config.pushDelayMs) : step(s);
    case 'wanted':
      return kick(s, e.at);
    case 'now':
      return run({ ...s, failures: 0 });
    case 'network': {
      if (!e.online) return step(s);
      const back = kick({ ...s, failures: 0, socketFailures: 0 }, e.at);
      return s.session && !s.stopped ? step(back.state, ...back.effects, { type: 'connect-poke', at: e.at }) : back;
    }
    case 'timer':
      return run({ ...s, due: null });
    case 'attempt-ok': {
      // Stopped while it ran: it only ends (stop() waits for that), reporting nothing to a closing engine.
      if (s.stopped) return step({ ...s, running: false, rerun: false });
      // Signed out while it ran: it ends, and reports no success over the status's "signed out"
      // (CI, 2026-12-02: sync-core-api.test.ts saw lastError null right after session.signOut).
      // Whoever waits for "synced" still hears it: what it pushed and pulled is in.
      if (!s.session) return step({ ...s, running: false, rerun: false }, ...(e.outboxEmpty ? [{ type: 'synced' } as const] : []));
      if (s.rerun && s.session) return step({ ...s, rerun: false }, { type: 'attempt' });
      const shortPulls = e.behindHorizon === true ? s.shortPulls + 1 : 0;
      const done: ScheduleState = { ...s, running: false, failures: 0, deferred: e.deferred === true, shortPulls };
      // The server answered, so the line is back: a poke socket still waiting out its backoff
      // reconnects now. The status bar's Online holds only briefly on an answer without the open
      // socket (sync-online.ts), pokes would not arrive, and the board would hear no heartbeat.
      const reopen: ScheduleEffect[] = s.socketFailures > 0 && s.session ? [{ type: 'connect-poke', at: e.at }] : [];
      // Held back by a live call: trying again now would only be held back again.
      if (e.deferred) return step(done, { type: 'succeeded' }, ...reopen);
      // Short of the horizon is not synced: whoever waits for "everything pulled" waits for the re-pull.
      const after = e.outboxEmpty && shortPulls === 0 ? step(done, { type: 'synced' }) : e.outboxEmpty ? step(done) : kick(done, e.at);
      const again = shortPulls > 0 ? then(after, (x) => kick(x, e.at + horizonRetryDelay(shortPulls))) : after;
      return step(again.state, { type: 'succeeded' }, ...reopen, ...again.effects);
    }
    case 'attempt-failed': {
      const ended: ScheduleState = { ...s, running: false };
      if (s.stopped) return step(ended);
      const failures = s.failures + 1;
      const retryInMs = backoffDelay(failures, config.backoff, () => e.jitter);
      const next = kick({ ...ended, failures }, e.at + retryInMs);
      return step(next.state, { type: 'backing-off', retryInMs }, ...next.effects);
    }
    case 'attempt-unauthorized':
      // The server no longer knows the session: retrying cannot help, signing in does.
      return step({ ...s, running: false, session: false, due: null }, { type: 'close-poke' }, { type: 'disarm' });
    case 'call-ended':
      return s.deferred ? kick({ ...s, deferred: false }, e.at) : step(s);
    case 'poke-open':
      return step({ ...s, socketFailures: 0 });
    case 'poke-closed': {
      if (s.stopped || !s.session) return step(s);
      // A dropped poke socket is usually a dropped line (the status bar already says Offline,
      // sync-online.ts): find out now, so a server that merely closed it shows Online again.
      const check = s.socketFailures === 0 && s.failures === 0 ? kick(s, e.at) : step(s);
      const socketFailures = check.state.socketFailures + 1;
      const reconnectAt = e.at + backoffDelay(socketFailures, config.backoff, () => e.jitter);
      return step({ ...check.state, socketFailures }, ...check.effects, { type: 'connect-poke', at: reconnectAt });
    }
    case 'stop':
      return step({ ...s, stopped: true, due: null }, { type: 'disarm' }, { type: 'close-poke' });
  }
}
