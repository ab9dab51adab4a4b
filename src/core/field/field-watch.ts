import type { Presence, PresenceState } from '../../contract';
import type { Environment } from '../app/environment';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { WorkPhase } from '../presence/presence-flow';
import { IDLE_REASON, idleAwayDue, idleCheckDelay, type IdleAwayPolicy } from './idle-away';
import { LOW_BATTERY_REASON, powerActions } from './power-policy';

export interface FieldWatchOptions {
  readonly environment: Environment;
  readonly presence: () => Presence;
  readonly phase: () => WorkPhase;
  /** The work flow's presence request: applied when idle, kept for after the wrap-up when on a call. */
  readonly requestPresence: (state: PresenceState, reason: string) => void;
  /** Pushes everything unsynced now (no-op without a sync server). */
  readonly syncNow: () => void;
  readonly idleAway: IdleAwayPolicy | null;
  /** The Not Ready state a dying battery sends the agent to. */
  readonly lowBatteryState: PresenceState;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * The laptop drives presence: a critical battery takes the agent out of the queue (now when idle,
 * after the wrap-up when on a call), switching to battery syncs at once, and auto-away sends an
 * Available agent with no input Not Ready. The rules are pure (power-policy.ts, idle-away.ts);
 * this class only feeds them readings and the core's clock.
 */
export class FieldWatch {
  private lastInputAt: number;
  private cancelTimer: (() => void) | null = null;
  private readonly stopPower: () => void;

  constructor(private readonly o: FieldWatchOptions) {
    // Starting the desk is the agent at the keyboard.
    this.lastInputAt = o.clock.now().getTime();
    this.stopPower = o.environment.onPowerChange((now, before) => {
      const act = powerActions(before, now);
      if (act.syncNow) o.syncNow();
      if (act.goNotReady) this.takeOutOfQueue(LOW_BATTERY_REASON, o.lowBatteryState);
    });
  }

  /** Keyboard or mouse input at `at` (the page's events, or Electron's system idle time). Never moves back. */
  input(at: Date = this.o.clock.now()): void {
    this.lastInputAt = Math.max(this.lastInputAt, at.getTime());
    this.check();
  }

  /** Presence or work changed: an agent made Available by a timed wrap-up while away still goes away. */
  check(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const policy = this.o.idleAway;
    if (!policy) return;
    const idleMs = this.o.clock.now().getTime() - this.lastInputAt;
    const presence = this.o.presence();
    if (idleAwayDue(idleMs, presence.state, this.o.phase(), policy)) {
      this.o.log.info('auto-away: no input', { idleSeconds: Math.round(idleMs / 1000), state: policy.state });
      this.takeOutOfQueue(IDLE_REASON, policy.state);
      return;
    }
    // Only an Available agent can go away; for anyone else the next input or presence change looks again.
    if (presence.state === 'Available') this.cancelTimer = this.o.clock.setTimer(() => this.check(), idleCheckDelay(idleMs, policy));
  }

  close(): void {
    this.cancelTimer?.();
    this.stopPower();
  }

  private takeOutOfQueue(reason: string, state: PresenceState): void {
    const now = this.o.presence();
    const working = now.state === 'Busy' || now.state === 'Wrap-up';
    // An agent already Not Ready, or who already asked for a state after this call, decided for themselves.
    if (!working && now.state !== 'Available') return;
    if (working && now.next && now.next.state !== 'Available') return;
    try {
      this.o.requestPresence(state, reason);
    } catch (err) {
      this.o.log.warn('field watch: presence not changed', { reason, error: err });
    }
  }
}
