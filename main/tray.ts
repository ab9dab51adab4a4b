import path from 'node:path';
import { Menu, Tray, app, nativeImage } from 'electron';
import { SELECTABLE_PRESENCE, type Presence, type PresenceState } from '../src/contract';

export interface PresenceTrayOptions {
  readonly resourcesDir: string;
  readonly setPresence: (state: PresenceState) => void;
  readonly showWindow: () => void;
  readonly quit: () => void;
}

const iconFile = (dir: string, state: PresenceState) => path.join(dir, 'tray', `${state.toLowerCase()}.png`);

/** The tray icon shows presence at a glance; its menu changes it, shows the window, or quits. */
export function createPresenceTray(options: PresenceTrayOptions) {
  const tray = new Tray(nativeImage.createFromPath(iconFile(options.resourcesDir, 'Offline')));
  tray.on('click', options.showWindow);

  const update = (presence: Presence) => {
    tray.setImage(nativeImage.createFromPath(iconFile(options.resourcesDir, presence.state)));
    tray.setToolTip(`Agent Workstation — ${presence.state}${presence.reason ? ` (${presence.reason})` : ''}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...SELECTABLE_PRESENCE.map((state) => ({
          label: state,
          type: 'radio' as const,
          checked: presence.state === state,
          click: () => options.setPresence(state),
        })),
        { type: 'separator' },
        { label: 'Show Agent Workstation', click: options.showWindow },
        { label: `Quit ${app.getName()}`, click: options.quit },
      ]),
    );
  };
  return { update, destroy: () => tray.destroy() };
}
