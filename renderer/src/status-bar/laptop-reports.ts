import type { AgentApi, PagePower } from '../../../src/contract';

/** The Battery Status API's battery, where the browser has it (Chromium does; Firefox and Safari don't). */
interface BatteryManager extends EventTarget {
  readonly charging: boolean;
  /** 0.0–1.0 */
  readonly level: number;
}
type NavigatorWithBattery = Navigator & { getBattery?: () => Promise<BatteryManager> };

/** The page's battery reading in the contract's terms; a level outside 0–1 (a broken API) is "unknown". */
export function pagePowerOf(battery: Pick<BatteryManager, 'charging' | 'level'>): PagePower {
  const valid = Number.isFinite(battery.level) && battery.level >= 0 && battery.level <= 1;
  return { power: battery.charging ? 'ac' : 'battery', batteryPercent: valid ? Math.round(battery.level * 100) : null };
}

/** Input is reported at most this often: auto-away counts minutes, the core needs no more. */
export const INPUT_REPORT_EVERY_MS = 5000;

export interface LaptopReports {
  /** Sends the battery again: a restarted core knows nothing of it until the next battery event. */
  resend(): void;
  stop(): void;
}

/**
 * Tells the core what only the page sees: the battery (the browser host's reading of it; in
 * Electron, the level powerMonitor lacks) and that the agent is at the keyboard (auto-away).
 * A missing or failing Battery Status API leaves the core with the host's reading: never an error.
 */
export function startLaptopReports(agent: AgentApi, win: Window = window): LaptopReports {
  const stops: (() => void)[] = [];
  let resendBattery = () => {};
  const nav = win.navigator as NavigatorWithBattery;
  if (typeof nav.getBattery === 'function') {
    nav.getBattery().then(
      (battery) => {
        const report = () => void agent.app.reportPower(pagePowerOf(battery)).catch(() => undefined);
        resendBattery = report;
        report();
        battery.addEventListener('chargingchange', report);
        battery.addEventListener('levelchange', report);
        stops.push(() => {
          battery.removeEventListener('chargingchange', report);
          battery.removeEventListener('levelchange', report);
        });
      },
      () => undefined,
    );
  }
  let lastSent = 0;
  const onInput = () => {
    const now = Date.now();
    if (now - lastSent < INPUT_REPORT_EVERY_MS) return;
    lastSent = now;
    void agent.app.reportInput({}).catch(() => undefined);
  };
  const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
  for (const e of events) win.addEventListener(e, onInput, { capture: true, passive: true });
  stops.push(() => {
    for (const e of events) win.removeEventListener(e, onInput, { capture: true });
  });
  return { resend: () => resendBattery(), stop: () => stops.forEach((s) => s()) };
}
