import type { AdminPolicyView, AppInfo, DiagnosticsExport, Handlers, app } from '../../contract';
import type { Environment } from './environment';

/**
 * `onInput`: the page saw keyboard or mouse input (auto-away's clock, src/core/field/field-watch.ts);
 * `exportDiagnostics` writes IT's zip; `policy` is IT's machine-wide policy as it applies.
 */
export const appHandlers = (
  info: AppInfo,
  env: Environment,
  onInput: () => void,
  exportDiagnostics: () => Promise<DiagnosticsExport>,
  policy: AdminPolicyView,
): Handlers<typeof app> => ({
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
  exportDiagnostics: () => exportDiagnostics(),
  policy: () => policy,
});
