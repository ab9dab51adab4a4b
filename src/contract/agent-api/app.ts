import { z } from 'zod';
import { method } from './define';

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

export const app = {
  info: method(z.object({}).strict(), AppInfo),
  status: method(z.object({}).strict(), AppStatus),
} as const;

export const appEvents = {
  'app.status': AppStatus,
} as const;
