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

/** The laptop going to sleep, or waking (Electron's powerMonitor; in a page, a clock jump). */
export const SleepState = z.enum(['suspend', 'resume']);
export type SleepState = z.infer<typeof SleepState>;
export const SleepReport = z.object({ state: SleepState }).strict();
export type SleepReport = z.infer<typeof SleepReport>;

export const app = {
  info: method(z.object({}).strict(), AppInfo),
  status: method(z.object({}).strict(), AppStatus),
  /**
   * The renderer saw the laptop sleep or wake (its clock-jump watchdog: the browser host has no
   * powerMonitor). The core tells every window ('app.sleep'); on resume it syncs at once and
   * shows the callbacks that fell due. Returns nothing.
   */
  reportSleep: method(SleepReport, z.object({}).strict()),
} as const;

export const appEvents = {
  'app.status': AppStatus,
  /**
   * suspend: flush drafts and wrap-ups durably, unregister the phone if no call is live; resume:
   * REGISTER at once, sync, show due callbacks (issue 14 item 2, issue 11 fault 7).
   */
  'app.sleep': SleepReport,
} as const;
