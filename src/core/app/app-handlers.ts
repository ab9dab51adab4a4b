import type { AppInfo, DiagnosticsExport, Handlers, app } from '../../contract';
import type { Environment } from './environment';

export const appHandlers = (info: AppInfo, env: Environment, exportDiagnostics: () => Promise<DiagnosticsExport>): Handlers<typeof app> => ({
  info: () => info,
  status: () => env.get(),
  exportDiagnostics: () => exportDiagnostics(),
});
