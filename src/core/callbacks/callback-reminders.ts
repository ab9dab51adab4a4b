import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { Logger } from '../log';
import type { CallbackRepository } from './callback-repository';
import { dueCallbacks } from './due';

/** How many open callbacks a reminder pass looks at: far more than an agent keeps. */
const SCAN_LIMIT = 500;

/**
 * Emits 'callbacks.due' when a scheduled callback comes due, while the core runs — with the
 * window closed too, so the tray or a reopened window can show it. The deadline is each
 * callback's stored due time; a restart reminds again of every callback still open and due.
 */
export class CallbackReminders {
  private readonly reminded = new Set<string>();
  private cancel: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly repo: CallbackRepository,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Looks now and sets the timer for the next one; call it whenever callbacks change. */
  check(): void {
    if (this.closed) return;
    this.cancel?.();
    this.cancel = null;
    try {
      const scheduled = this.repo.upcoming(SCAN_LIMIT);
      const { due, nextCheckMs } = dueCallbacks(scheduled, this.clock.now(), this.reminded);
      for (const id of due) {
        this.reminded.add(id);
        const callback = scheduled.find((c) => c.id === id);
        if (callback) this.bus.emit('callbacks.due', callback);
      }
      this.cancel = this.clock.setTimer(() => this.check(), nextCheckMs);
    } catch (err) {
      // The store closing under a timer, or a read failing: the next change or start-up looks again.
      this.log.warn('callback reminders: check failed', { error: err });
    }
  }

  close(): void {
    this.closed = true;
    this.cancel?.();
    this.cancel = null;
  }
}
