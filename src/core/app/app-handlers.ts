import type { AppInfo, Handlers, app } from '../../contract';
import type { Environment } from './environment';

export const appHandlers = (info: AppInfo, env: Environment): Handlers<typeof app> => ({
  info: () => info,
  status: () => env.get(),
  reportSleep: ({ state }) => {
    env.sleep(state);
    return {};
  },
});
