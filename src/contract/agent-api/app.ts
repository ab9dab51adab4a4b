import { z } from 'zod';
import { method } from './define';
import { AdminPolicyView } from './admin-policy';

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
/**
 * The line to the phone server as the page's phone engine judges it (renderer
 * phone/stats/line-quality.ts: keepalive round trips and losses through the E-model; the call's
 * own quality during a call): good/fair/poor and the estimated MOS (1–5, one decimal), both null
 * while not yet judged or while the phone's socket is down. Carried to the supervisors' board.
 */
export const LineQualityReport = z
  .object({
    level: z.enum(['good', 'fair', 'poor']).nullable(),
    mos: z.number().min(1).max(5).nullable(),
  })
  .strict();
export type LineQualityReport = z.infer<typeof LineQualityReport>;

/** The laptop going to sleep, or waking (Electron's powerMonitor; in a page, a clock jump). */
export const SleepState = z.enum(['suspend', 'resume']);
export type SleepState = z.infer<typeof SleepState>;
export const SleepReport = z.object({ state: SleepState }).strict();
export type SleepReport = z.infer<typeof SleepReport>;
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
  /** The page's battery reading (browser host: the only level it has; Electron: the level powerMonitor lacks). */
  reportPower: method(PagePower, AppStatus),
  /** The page's judgement of the line (LineQualityReport), sent when its level or MOS changes; the heartbeat carries it. Returns nothing. */
  reportLineQuality: method(LineQualityReport, z.object({}).strict()),
  /**
   * The page saw keyboard or mouse input just now (auto-away's clock). The page sends it at most
   * every few seconds; Electron's main also reports the system's idle time.
   */
  reportInput: method(z.object({}).strict(), z.object({}).strict()),
  /**
   * The renderer saw the laptop sleep or wake (its clock-jump watchdog: the browser host has no
   * powerMonitor). The core tells every window ('app.sleep'); on resume it syncs at once and
   * shows the callbacks that fell due. Returns nothing.
   */
  reportSleep: method(SleepReport, z.object({}).strict()),
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
  /**
   * suspend: flush drafts and wrap-ups durably, unregister the phone if no call is live; resume:
   * REGISTER at once, sync, show due callbacks (issue 14 item 2, issue 11 fault 7).
   */
  'app.sleep': SleepReport,
} as const;
