import path from 'node:path';
import { Menu, Tray, app, nativeImage } from 'electron';
import { SELECTABLE_PRESENCE, type PhoneStatus, type Presence, type PresenceState } from '../src/contract';

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

  let presence: Presence | null = null;
  let phoneLine = 'Phone: not configured';
  const render = () => {
    if (!presence) return;
    tray.setToolTip(`Agent Workstation — ${presence.state}${presence.reason ? ` (${presence.reason})` : ''}\n${phoneLine}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        // The phone's registration, with the reason when it failed, is always one glance away.
        { label: phoneLine, enabled: false },
        { type: 'separator' },
        ...SELECTABLE_PRESENCE.map((state) => ({
          label: state,
          type: 'radio' as const,
          checked: presence?.state === state,
          click: () => options.setPresence(state),
        })),
        { type: 'separator' },
        { label: 'Show Agent Workstation', click: options.showWindow },
        { label: `Quit ${app.getName()}`, click: options.quit },
      ]),
    );
  };
  const update = (next: Presence) => {
    presence = next;
    tray.setImage(nativeImage.createFromPath(iconFile(options.resourcesDir, next.state)));
    render();
  };
  const updatePhone = (s: PhoneStatus) => {
    phoneLine = phoneStatusLine(s);
    render();
  };
  return { update, updatePhone, destroy: () => tray.destroy() };
}

const FAILURE: Record<NonNullable<PhoneStatus['failure']>, string> = {
  'wrong-password': 'wrong password',
  'server-unreachable': 'server unreachable',
  rejected: 'rejected by the server',
  'no-password': 'no SIP password stored',
};

export function phoneStatusLine(s: PhoneStatus): string {
  const calls = s.activeCalls > 0 ? ` · ${s.activeCalls === 1 ? 'on a call' : `${s.activeCalls} calls`}` : '';
  switch (s.registration) {
    case 'registered':
      return `Phone: registered${calls}`;
    case 'failed':
      return `Phone: not registered — ${FAILURE[s.failure ?? 'rejected']}${calls}`;
    case 'unconfigured':
      return 'Phone: not configured';
    case 'unregistered':
      return `Phone: off${calls}`;
    default:
      return `Phone: ${s.registration}…${calls}`;
  }
}
