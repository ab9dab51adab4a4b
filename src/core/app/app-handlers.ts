import type { AdminPolicyView, AppInfo, DiagnosticsExport, Handlers, app } from '../../contract';
import type { Environment } from './environment';

export const appHandlers = (
  info: AppInfo,
  env: Environment,
  exportDiagnostics: () => Promise<DiagnosticsExport>,
  policy: AdminPolicyView,
): Handlers<typeof app> => ({
  info: () => info,
  status: () => env.get(),
  exportDiagnostics: () => exportDiagnostics(),
  policy: () => policy,
});
