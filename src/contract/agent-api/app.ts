import { z } from 'zod';
import { method } from './define';
import { AdminPolicyView } from './admin-policy';

export const NetworkState = z.enum(['online', 'offline']);
export const PowerSource = z.enum(['ac', 'battery', 'unknown']);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AppStatus = z.object({
  network: NetworkState,
  power: PowerSource,
  /** Battery percentage where the host can read it. */
  batteryPercent: z.number().min(0).max(100).nullable(),
});
export type AppStatus = z.infer<typeof AppStatus>;

/** A diagnostics zip written for IT: where it is, its size in bytes, and what it holds. */
export const DiagnosticsExport = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  entries: z.array(z.string()),
});
export type DiagnosticsExport = z.infer<typeof DiagnosticsExport>;

export const app = {
  info: method(z.object({}).strict(), AppInfo),
  status: method(z.object({}).strict(), AppStatus),
  /**
   * Writes a zip the agent can send to IT into the profile's `diagnostics/` folder: versions,
   * settings with secrets removed, recent logs, phone and sync state. No customer data.
   */
  exportDiagnostics: method(z.object({}).strict(), DiagnosticsExport),
  /** IT's machine-wide policy as it applies, the settings it locks, and each refused field by name. */
  policy: method(z.object({}).strict(), AdminPolicyView),
} as const;

export const appEvents = {
  'app.status': AppStatus,
} as const;
