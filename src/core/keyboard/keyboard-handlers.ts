import type { Handlers, keyboard } from '../../contract';
import type { EventBus } from '../event-bus';
import type { ShortcutSettings } from './shortcut-settings';

export const keyboardHandlers = (settings: ShortcutSettings, bus: EventBus): Handlers<typeof keyboard> => ({
  shortcuts: () => settings.get(),
  setShortcuts: ({ map }) => settings.set(map),
  press: ({ action }) => {
    bus.emit('keyboard.pressed', { action });
    return {};
  },
});
