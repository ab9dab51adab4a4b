import { z } from 'zod';
import { method } from './define';

export const NetworkState = z.enum(['online', 'offline']);
export const PowerSource = z.enum(['ac', 'battery', 'unknown']);
/**
 * What the battery means for the agent (src/core/field/power-policy.ts): `low` warns (15 % by
 * default), `critical` (7 %) means finish the call: the agent goes Not Ready after the wrap-up.
 */
export const PowerAlert = z.enum(['none', 'low', 'critical']);
export type PowerAlert = z.infer<typeof PowerAlert>;
export type PowerSource = z.infer<typeof PowerSource>;

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
  powerAlert: PowerAlert,
  /** The battery levels behind `powerAlert`, in percent, so the desk can say them. */
  battery: z.object({ lowPercent: z.number(), criticalPercent: z.number() }),
  /** IT's auto-away rule, shown to the agent: minutes without input before going `state`; null when off. */
  idleAway: z.object({ afterMinutes: z.number(), state: z.string() }).nullable(),
});
export type AppStatus = z.infer<typeof AppStatus>;

/** What the page's Battery Status API sees (navigator.getBattery()); the core merges it with the host's reading. */
export const PagePower = z
  .object({
    power: PowerSource,
    /** 0–100 %, null where the page can't read it. */
    batteryPercent: z.number().min(0).max(100).nullable(),
  })
  .strict();
export type PagePower = z.infer<typeof PagePower>;

export const app = {
  info: method(z.object({}).strict(), AppInfo),
  status: method(z.object({}).strict(), AppStatus),
  /** The page's battery reading (browser host: the only level it has; Electron: the level powerMonitor lacks). */
  reportPower: method(PagePower, AppStatus),
  /**
   * The page saw keyboard or mouse input just now (auto-away's clock). The page sends it at most
   * every few seconds; Electron's main also reports the system's idle time.
   */
  reportInput: method(z.object({}).strict(), z.object({}).strict()),
} as const;

export const appEvents = {
  'app.status': AppStatus,
} as const;
