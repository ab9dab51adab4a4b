import type { AppInfo, Handlers, app } from '../../contract';
import type { Environment } from './environment';

/** `onInput`: the page saw keyboard or mouse input (auto-away's clock, src/core/field/field-watch.ts). */
export const appHandlers = (info: AppInfo, env: Environment, onInput: () => void): Handlers<typeof app> => ({
  info: () => info,
  status: () => env.get(),
  reportPower: (reading) => env.reportPage(reading),
  reportInput: () => {
    onInput();
    return {};
  },
  reportSleep: ({ state }) => {
    env.sleep(state);
    return {};
  },
});
