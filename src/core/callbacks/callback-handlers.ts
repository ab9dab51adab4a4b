import type { callbacks, Handlers } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { CallbackReminders } from './callback-reminders';
import type { CallbackRepository } from './callback-repository';

export const callbackHandlers = (
  repo: CallbackRepository,
  reminders: CallbackReminders,
  bus: EventBus,
  clock: Clock,
): Handlers<typeof callbacks> => {
  const close = (callbackId: string, status: 'done' | 'cancelled') => {
    const closed = repo.close(callbackId, status, clock.now());
    bus.emit('callbacks.changed', {});
    reminders.check();
    return closed;
  };
  return {
    upcoming: ({ limit }) => repo.upcoming(limit),
    markDone: ({ callbackId }) => close(callbackId, 'done'),
    cancel: ({ callbackId }) => close(callbackId, 'cancelled'),
  };
};
