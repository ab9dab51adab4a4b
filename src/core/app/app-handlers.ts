import type { AdminPolicyView, AppInfo, DiagnosticsExport, Handlers, LineQualityReport, app } from '../../contract';
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
  onLineQuality: (line: LineQualityReport) => void = () => undefined,
): Handlers<typeof app> => ({
  info: () => info,
  status: () => env.get(),
  reportPower: (reading) => env.reportPage(reading),
  reportLineQuality: (line) => {
    onLineQuality(line);
    return {};
  },
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
